import type { QuestionLogEntry } from './question-log-entry.ts';

/**
 * Where question-log entries are kept. Small on purpose so a PostgreSQL store (issue 16) can sit beside
 * the JSON-lines one: `append` is one INSERT of many rows, `read` one SELECT … WHERE at >= $1 ORDER BY at,
 * `deleteBefore` one DELETE … WHERE at < $1. The write-behind queue (question-logger.ts) is the only
 * writer in a server; it batches, so `append` should be one round trip (one write + fsync here).
 */
export interface QuestionLogStore {
  /** Stores the entries durably (all or, on failure, an error: the caller counts them dropped). */
  append(entries: readonly QuestionLogEntry[]): Promise<void>;
  /** The stored entries at or after `since` (all when omitted), oldest first. */
  read(options?: { since?: Date }): Promise<QuestionLogEntry[]>;
  /** Deletes the entries older than `cutoff`; resolves to how many were deleted. */
  deleteBefore(cutoff: Date): Promise<number>;
  /** A short description for logs and reports, e.g. the file path. */
  readonly description: string;
}
