import type { SharedStreamCounts } from './redis-stream-counts.ts';

interface StreamLimiterLog {
  warn(object: Record<string, unknown>, message: string): void;
}

/**
 * Counts open event streams per client so one client cannot hold every engine slot; `acquire` resolves to a
 * release function (safe to call twice) or null when the client is at its limit. With `shared` (Redis,
 * REDIS_URL) the limit holds across all replicas; when Redis fails the stream is let through on this
 * replica's own count, with a warning, rather than refused.
 */
export function createStreamLimiter(maxPerClient: number, shared?: SharedStreamCounts, log?: StreamLimiterLog) {
  const open = new Map<string, number>();
  return {
    maxPerClient,
    async acquire(client: string): Promise<(() => void) | null> {
      if ((open.get(client) ?? 0) >= maxPerClient) return null;
      let token: string | null | undefined;
      if (shared !== undefined) {
        try {
          token = await shared.take(client, maxPerClient);
          if (token === null) return null;
        } catch (error) {
          log?.warn({ err: error }, 'shared stream count not checked (Redis unavailable): counting this replica’s streams only');
        }
      }
      // Counted after the await: another request may have taken this replica's last slot meanwhile.
      const count = open.get(client) ?? 0;
      if (count >= maxPerClient) {
        if (typeof token === 'string') void shared?.give(client, token).catch(() => {});
        return null;
      }
      open.set(client, count + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const remaining = (open.get(client) ?? 1) - 1;
        if (remaining <= 0) open.delete(client);
        else open.set(client, remaining);
        // A release Redis misses expires with the stream's lease (redis-stream-counts.ts).
        if (typeof token === 'string') void shared?.give(client, token).catch(() => {});
      };
    },
    /** Streams open for the client on this replica. */
    openStreams(client: string): number {
      return open.get(client) ?? 0;
    },
  };
}

export type StreamLimiter = ReturnType<typeof createStreamLimiter>;
