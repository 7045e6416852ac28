import pg from 'pg';

/** Where connection problems are reported while retrying. */
export type RetryLog = (line: string) => void;

/**
 * A pool for DATABASE_URL. At least two connections: the replica's LISTEN holds one for as long as it runs.
 * Idle errors (the server restarted, the network dropped) are reported, not thrown: pg would otherwise
 * crash the process on an 'error' event nobody listens to.
 */
export function createPool(url: string, { max = 4, onIdleError }: { max?: number; onIdleError?: (error: Error) => void } = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: Math.max(2, max), connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  pool.on('error', (error) => onIdleError?.(error));
  return pool;
}

/** DATABASE_URL without its password, for messages. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port !== '' ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL (unparsable)';
  }
}

export interface RetryOptions {
  attempts: number;
  /** The first wait; it doubles up to maxDelayMs. */
  delayMs?: number;
  maxDelayMs?: number;
}

/**
 * Runs `connect` until it succeeds or `attempts` have failed, saying each time what failed and when it tries
 * again; the last failure is thrown with the database named and what to check.
 */
export async function withRetries<T>(
  what: string,
  url: string,
  connect: () => Promise<T>,
  log: RetryLog,
  { attempts, delayMs = 500, maxDelayMs = 10_000 }: RetryOptions,
): Promise<T> {
  let wait = delayMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await connect();
    } catch (error) {
      const reason = (error as Error).message || (error as { code?: string }).code || String(error);
      if (attempt >= attempts) {
        throw new Error(
          `${what}: the database at ${describeDatabase(url)} is unreachable after ${attempts} attempts (${reason}). ` +
            'Check DATABASE_URL and that PostgreSQL is running.',
          { cause: error },
        );
      }
      log(
        `${what}: the database at ${describeDatabase(url)} is unreachable (${reason}); ` +
          `attempt ${attempt} of ${attempts}, retrying in ${(wait / 1000).toFixed(1)} s`,
      );
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, maxDelayMs);
    }
  }
}
