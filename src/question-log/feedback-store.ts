import { resolve } from 'node:path';
import { z } from 'zod';
import { appendLines } from './append-lines.ts';
import { readJsonLines, type ReadJsonLinesOptions } from './read-json-lines.ts';

export const feedbackRecordSchema = z.object({
  id: z.string(),
  receivedAt: z.string(),
  answerId: z.string().optional(),
  question: z.string(),
  answer: z.string(),
  rating: z.enum(['up', 'down']),
  comment: z.string().optional(),
  citations: z.array(z.string()).optional(),
});

/** One line of the feedback file. */
export type FeedbackRecord = z.infer<typeof feedbackRecordSchema>;

/** A batch is written with one write call; past this many bytes the rest waits for the next batch. */
const MAX_BATCH_BYTES = 1024 * 1024;

/** Writes the lines with one write call and one fsync: they are on disk when this resolves (append-lines.ts). */
const writeBatch = appendLines;

interface QueuedLine {
  line: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** How the group commit has gone so far: records written and the write+fsync batches they took. */
export interface FeedbackLogStats {
  records: number;
  batches: number;
}

export interface FeedbackLog {
  /** Durably appends one record as one JSON line: it is on disk (fsync) when the promise resolves. */
  append(record: FeedbackRecord): Promise<void>;
  /** Resolves once every record appended so far has been written (or has failed). */
  settled(): Promise<void>;
  stats(): FeedbackLogStats;
}

/**
 * Group commit: records appended while a batch is being written and fsync'd wait together, then go to
 * disk in one write and one fsync, and each is acknowledged only after that fsync. One fsync per
 * record capped a slow disk at a few records a second (an fsync can take 100 ms); now a batch takes
 * one, whatever its size. Nothing waits on purpose: a lone record is written at once.
 */
function createFeedbackLog(file: string): FeedbackLog {
  let queue: QueuedLine[] = [];
  let flushing: Promise<void> | null = null;
  const stats: FeedbackLogStats = { records: 0, batches: 0 };

  function takeBatch(): QueuedLine[] {
    let bytes = 0;
    let count = 0;
    while (count < queue.length && (count === 0 || bytes + Buffer.byteLength((queue[count] as QueuedLine).line) <= MAX_BATCH_BYTES)) {
      bytes += Buffer.byteLength((queue[count] as QueuedLine).line);
      count += 1;
    }
    const batch = queue.slice(0, count);
    queue = queue.slice(count);
    return batch;
  }

  async function flush(): Promise<void> {
    // Appends made in the same turn of the event loop (requests parsed together) join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (queue.length > 0) {
        const batch = takeBatch();
        try {
          await writeBatch(file, batch.map((item) => item.line).join(''));
          stats.records += batch.length;
          stats.batches += 1;
          for (const item of batch) item.resolve();
        } catch (error) {
          // Lines of a failed batch may be partly on disk; the next batch starts on a fresh line.
          for (const item of batch) item.reject(error);
        }
      }
    } finally {
      flushing = null;
    }
  }

  return {
    async append(record) {
      const line = `${JSON.stringify(feedbackRecordSchema.parse(record))}\n`;
      await new Promise<void>((resolve, reject) => {
        queue.push({ line, resolve, reject });
        flushing ??= flush();
      });
    },
    async settled() {
      while (flushing !== null) await flushing;
    },
    stats: () => ({ ...stats }),
  };
}

/** One log per file in this process, so its batches never interleave with another writer's torn-line check. */
const logs = new Map<string, FeedbackLog>();

/** The group-committing log of one feedback file (created on first use, shared by everything in this process). */
export function feedbackLog(file: string): FeedbackLog {
  const path = resolve(file);
  let log = logs.get(path);
  if (log === undefined) {
    log = createFeedbackLog(path);
    logs.set(path, log);
  }
  return log;
}

/** Durably appends one record as one JSON line: it is on disk (fsync) when the promise resolves. */
export function appendFeedback(file: string, record: FeedbackRecord): Promise<void> {
  return feedbackLog(file).append(record);
}

export type ReadFeedbackOptions = ReadJsonLinesOptions;

/** Every stored record, oldest first; a missing file is no feedback yet, a torn line is skipped, not fatal. */
export function readFeedback(file: string, options: ReadFeedbackOptions = {}): Promise<FeedbackRecord[]> {
  return readJsonLines(file, feedbackRecordSchema, 'a feedback record', options);
}
