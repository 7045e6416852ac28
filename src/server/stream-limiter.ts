/**
 * Counts open event streams per client so one client cannot hold every engine slot;
 * `acquire` returns a release function (safe to call twice) or null when the client is at its limit.
 */
export function createStreamLimiter(maxPerClient: number) {
  const open = new Map<string, number>();
  return {
    maxPerClient,
    acquire(client: string): (() => void) | null {
      const count = open.get(client) ?? 0;
      if (count >= maxPerClient) return null;
      open.set(client, count + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const remaining = (open.get(client) ?? 1) - 1;
        if (remaining <= 0) open.delete(client);
        else open.set(client, remaining);
      };
    },
    openStreams(client: string): number {
      return open.get(client) ?? 0;
    },
  };
}

export type StreamLimiter = ReturnType<typeof createStreamLimiter>;
