import type { FastifyRateLimitOptions, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import type { RedisLog } from './redis-connection.ts';

/** @fastify/rate-limit's own Redis store (its Lua script counts atomically across replicas). */
// @ts-expect-error -- the plugin ships the store as CommonJS without type declarations.
import RedisStore from '@fastify/rate-limit/store/RedisStore.js';

type StoreCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** The store interface @fastify/rate-limit calls (index.d.ts's FastifyRateLimitStore, plus `read`). */
interface RateLimitStore {
  incr(key: string, callback: StoreCallback, timeWindow: number, max: number): void;
  read?(key: string, callback: StoreCallback): void;
  child(routeOptions: Record<string, unknown>): RateLimitStore;
}

/** Warnings about requests let through are at most this frequent (an outage would otherwise log every request). */
const WARN_EVERY_MS = 10_000;

/**
 * The plugin's Redis store, wrapped so that a failed count is reported: the plugin (with `skipOnError`)
 * lets the request through silently; operators need to know the limit is not being enforced.
 */
export function failOpenRedisStore(redis: Redis, log: RedisLog, nameSpace = 'sip-qa:rate-limit:'): FastifyRateLimitStoreCtor {
  let lastWarning = -Infinity;
  const reported =
    (callback: StoreCallback): StoreCallback =>
    (error, result) => {
      if (error !== null && performance.now() - lastWarning >= WARN_EVERY_MS) {
        lastWarning = performance.now();
        log.warn({ err: error }, 'rate limit not checked (Redis unavailable): request let through');
      }
      callback(error, result);
    };
  const wrap = (inner: RateLimitStore): RateLimitStore => ({
    incr: (key, callback, timeWindow, max) => inner.incr(key, reported(callback), timeWindow, max),
    read: (key, callback) => inner.read?.(key, reported(callback)),
    child: (routeOptions) => wrap(inner.child(routeOptions)),
  });
  // The plugin constructs the store class it is given with its global settings (continueExceeding among them).
  return class FailOpenRedisStore implements RateLimitStore {
    readonly #inner: RateLimitStore;
    constructor(options: FastifyRateLimitOptions) {
      const { continueExceeding, exponentialBackoff } = options as { continueExceeding?: boolean; exponentialBackoff?: boolean };
      this.#inner = wrap(new RedisStore(continueExceeding === true, exponentialBackoff === true, redis, nameSpace) as RateLimitStore);
    }
    incr(key: string, callback: StoreCallback, timeWindow: number, max: number): void {
      this.#inner.incr(key, callback, timeWindow, max);
    }
    read(key: string, callback: StoreCallback): void {
      this.#inner.read?.(key, callback);
    }
    child(routeOptions: Record<string, unknown>): RateLimitStore {
      return this.#inner.child(routeOptions);
    }
  } as unknown as FastifyRateLimitStoreCtor;
}
