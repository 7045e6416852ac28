import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Open streams per client, counted in Redis so every replica sees the same count. Each stream is a member of
 * a sorted set scored by when its lease runs out; a replica renews its streams' leases while they are open,
 * so a replica that dies without releasing them stops holding them after one lease (no count leaks forever).
 * Redis's own clock (TIME) scores the leases: replicas' clocks may disagree.
 */
const takeScript = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[1]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
`;

const renewScript = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', nowMs + tonumber(ARGV[1]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
`;

export interface SharedStreamCounts {
  /** Takes a slot for the client if fewer than `max` are open on all replicas; the token releases it. Rejects when Redis is unavailable. */
  take(client: string, max: number): Promise<string | null>;
  give(client: string, token: string): Promise<void>;
  /** Streams open for the client on all replicas. */
  count(client: string): Promise<number>;
  stop(): void;
}

export function redisStreamCounts(redis: Redis, { leaseMs = 60_000, prefix = 'sip-qa:streams:' } = {}): SharedStreamCounts {
  const held = new Map<string, string>();
  const key = (client: string) => `${prefix}${client}`;
  const renew = setInterval(() => {
    if (held.size === 0) return;
    const pipeline = redis.pipeline();
    for (const [token, client] of held) pipeline.eval(renewScript, 1, key(client), leaseMs, token);
    // A failed renewal is retried on the next tick; a lease lost in an outage frees the slot early, not late.
    pipeline.exec().catch(() => {});
  }, leaseMs / 3);
  renew.unref();
  return {
    async take(client, max) {
      const token = randomUUID();
      const taken = await redis.eval(takeScript, 1, key(client), leaseMs, max, token);
      if (taken !== 1) return null;
      held.set(token, client);
      return token;
    },
    async give(client, token) {
      held.delete(token);
      await redis.zrem(key(client), token);
    },
    async count(client) {
      const now = await redis.time();
      const nowMs = Number(now[0]) * 1000 + Math.floor(Number(now[1]) / 1000);
      return redis.zcount(key(client), `(${nowMs}`, '+inf');
    },
    stop: () => clearInterval(renew),
  };
}
