import { Redis } from 'ioredis';

/** Where the connection's state changes are reported (a Fastify logger fits). */
export interface RedisLog {
  warn(object: Record<string, unknown>, message: string): void;
  info(object: Record<string, unknown>, message: string): void;
}

/** A Redis that is down must not hold requests: each command gets this long before it counts as failed. */
const COMMAND_TIMEOUT_MS = 500;
/** Reconnect attempts back off to this interval and keep going for as long as the process runs. */
const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * The client the shared rate limits and stream counts use. Built to fail fast rather than wait: no offline
 * queue (a command while disconnected fails at once), one try per command, a short timeout; reconnects
 * forever in the background. Connection loss is logged once per outage (not per retry), and recovery too.
 */
export async function connectRedis(url: string, log: RedisLog, { waitMs = 2_000 } = {}): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: COMMAND_TIMEOUT_MS * 2,
    commandTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS),
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log.warn({ err: error, redis: redactUrl(url) }, 'Redis unreachable: rate limits and stream counts fall back to this replica alone until it is back');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({ redis: redactUrl(url) }, 'Redis reachable again: rate limits and stream counts are shared across replicas');
  });
  // A Redis that is down at start must not stop the server: wait a little for the first connection (so the
  // first requests are counted), then go on and let the client keep trying in the background.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([redis.connect().catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
  clearTimeout(timer);
  return redis;
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis (unparsable URL)';
  }
}
