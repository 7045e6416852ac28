import type { QuestionLogEntry } from './question-log-entry.ts';
import type { QuestionLogStore } from './question-log-store.ts';

/** What /api/health reports about the question log. */
export interface QuestionLogStats {
  enabled: boolean;
  /** Entries stored since the server started. */
  written: number;
  /** Entries lost since the server started: the queue was full, or the store failed to take them. */
  dropped: number;
  /** Entries waiting to be written. */
  queued: number;
}

export interface QuestionLogger {
  /** Queues one entry and returns at once; never throws, never waits for the store. */
  record(entry: QuestionLogEntry): void;
  /** Resolves once every entry queued so far has been written (or dropped). */
  flush(): Promise<void>;
  /** Deletes the entries older than the retention period (measured on the injected clock); resolves to how many. */
  enforceRetention(): Promise<number>;
  stats(): QuestionLogStats;
  /** Stops the retention timer and writes what is queued. */
  close(): Promise<void>;
}

export interface QuestionLoggerOptions {
  store: QuestionLogStore;
  /** false (QUESTION_LOG=off): nothing is recorded, but retention still deletes what was logged before. */
  enabled?: boolean;
  retentionDays: number;
  /** Entries waiting at most; past it new entries are dropped (and counted), so a stuck store cannot grow memory. */
  maxQueued?: number;
  /** Entries per store write. */
  maxBatch?: number;
  /** How often retention runs while the server is up (the server also runs it a minute after it starts); 0 = only when asked. */
  retentionIntervalMs?: number;
  now?: () => Date;
  /** How long `close` waits for queued entries before giving up on them (a hung store must not hold shutdown). */
  closeWaitMs?: number;
  /** Told about store failures (entries dropped, retention failed); never about each entry. */
  onError?: (error: unknown, what: 'write' | 'retention') => void;
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Write-behind: an answer hands its entry over and is sent without waiting; entries are written in
 * batches after the answers that produced them, one store write per batch. The queue is bounded, and a
 * failed write drops its batch (counted) instead of retrying: the log is worth less than the answers,
 * so a slow or broken store costs them neither time nor memory nor errors.
 */
export function createQuestionLogger({
  store,
  enabled = true,
  retentionDays,
  maxQueued = 10_000,
  maxBatch = 500,
  retentionIntervalMs = 60 * 60 * 1000,
  now = () => new Date(),
  closeWaitMs = 5_000,
  onError = () => {},
}: QuestionLoggerOptions): QuestionLogger {
  let queue: QuestionLogEntry[] = [];
  let draining: Promise<void> | null = null;
  let written = 0;
  let dropped = 0;

  async function drain(): Promise<void> {
    // Entries recorded in the same turn of the event loop (answers finishing together) join one batch.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (queue.length > 0) {
        const batch = queue.slice(0, maxBatch);
        queue = queue.slice(batch.length);
        try {
          await store.append(batch);
          written += batch.length;
        } catch (error) {
          dropped += batch.length;
          onError(error, 'write');
        }
      }
    } finally {
      draining = null;
    }
  }

  async function enforceRetention(): Promise<number> {
    const cutoff = new Date(now().getTime() - retentionDays * dayMs);
    return store.deleteBefore(cutoff);
  }

  const timer =
    retentionIntervalMs > 0
      ? setInterval(() => {
          enforceRetention().catch((error: unknown) => onError(error, 'retention'));
        }, retentionIntervalMs).unref()
      : undefined;

  return {
    record(entry) {
      if (!enabled) return;
      if (queue.length >= maxQueued) {
        dropped += 1;
        return;
      }
      queue.push(entry);
      draining ??= drain();
    },
    async flush() {
      while (draining !== null) await draining;
    },
    enforceRetention,
    stats: () => ({ enabled, written, dropped, queued: queue.length }),
    async close() {
      clearInterval(timer);
      let waited: NodeJS.Timeout | undefined;
      const giveUp = new Promise<void>((resolve) => {
        waited = setTimeout(resolve, closeWaitMs);
      });
      await Promise.race([this.flush(), giveUp]);
      clearTimeout(waited);
    },
  };
}
