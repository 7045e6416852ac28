import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

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

/** Appends to one file are chained so the torn-line check and the write never interleave within this process. */
const pending = new Map<string, Promise<void>>();

async function appendLine(file: string, line: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  // 'a+' both appends (O_APPEND: every write lands at the end) and lets us read the last byte.
  const handle = await open(file, 'a+');
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      // A crash mid-write leaves a line without its newline; start on a fresh line so only that one is lost.
      if (last[0] !== 0x0a) prefix = '\n';
    }
    const bytes = Buffer.from(`${prefix}${line}\n`, 'utf8');
    // One write call per record: readers and concurrent appenders never see half a line from us.
    const { bytesWritten } = await handle.write(bytes, 0, bytes.length);
    if (bytesWritten !== bytes.length) throw new Error(`short write to ${file}: ${bytesWritten} of ${bytes.length} bytes`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Durably appends one record as one JSON line: it is on disk (fsync) when the promise resolves. */
export async function appendFeedback(file: string, record: FeedbackRecord): Promise<void> {
  const line = JSON.stringify(feedbackRecordSchema.parse(record));
  const previous = pending.get(file) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => appendLine(file, line));
  pending.set(file, next);
  try {
    await next;
  } finally {
    if (pending.get(file) === next) pending.delete(file);
  }
}

export interface ReadFeedbackOptions {
  /** Told about each line that is not a valid record (a torn write from a crash), which is then skipped. */
  onSkippedLine?: (lineNumber: number, reason: string) => void;
}

/** Every stored record, oldest first; a missing file is no feedback yet, a torn line is skipped, not fatal. */
export async function readFeedback(file: string, { onSkippedLine = () => {} }: ReadFeedbackOptions = {}): Promise<FeedbackRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const records: FeedbackRecord[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      onSkippedLine(index + 1, 'not valid JSON (probably a write interrupted by a crash)');
      return;
    }
    const record = feedbackRecordSchema.safeParse(parsed);
    if (record.success) records.push(record.data);
    else onSkippedLine(index + 1, `not a feedback record: ${record.error.issues[0]?.message ?? 'invalid'}`);
  });
  return records;
}
