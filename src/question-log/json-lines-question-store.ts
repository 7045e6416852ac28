import { open, readFile, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { appendLines } from './append-lines.ts';
import { questionLogEntrySchema, type QuestionLogEntry } from './question-log-entry.ts';
import type { QuestionLogStore } from './question-log-store.ts';

export interface ReadQuestionLogOptions {
  /** Told about each line that is not a valid entry (a torn write from a crash), which is then skipped. */
  onSkippedLine?: (lineNumber: number, reason: string) => void;
}

/** Every entry in the file, oldest first; a missing file is an empty log, a torn line is skipped. */
export async function readQuestionLogFile(file: string, { onSkippedLine = () => {} }: ReadQuestionLogOptions = {}): Promise<QuestionLogEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: QuestionLogEntry[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      onSkippedLine(index + 1, 'not valid JSON (probably a write interrupted by a crash)');
      return;
    }
    const entry = questionLogEntrySchema.safeParse(parsed);
    if (entry.success) entries.push(entry.data);
    else onSkippedLine(index + 1, `not a question-log entry: ${entry.error.issues[0]?.message ?? 'invalid'}`);
  });
  return entries;
}

const time = (entry: QuestionLogEntry) => Date.parse(entry.at);

/**
 * The question log as JSON lines, written like the feedback file (feedback-store.ts): each `append` is one
 * write call and one fsync. Retention rewrites the file to a temporary one and renames it over the old,
 * so a reader sees the old or the new file, never half of one. Appends and rewrites of one file take turns.
 */
function createJsonLinesQuestionStore(file: string, options: ReadQuestionLogOptions): QuestionLogStore {
  let turn: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = turn.then(work, work);
    turn = result.catch(() => undefined);
    return result;
  };

  return {
    description: file,
    append(entries) {
      if (entries.length === 0) return Promise.resolve();
      const text = entries.map((entry) => `${JSON.stringify(questionLogEntrySchema.parse(entry))}\n`).join('');
      return exclusive(() => appendLines(file, text));
    },
    async read({ since } = {}) {
      const entries = await readQuestionLogFile(file, options);
      return since === undefined ? entries : entries.filter((entry) => time(entry) >= since.getTime());
    },
    deleteBefore(cutoff) {
      return exclusive(async () => {
        const entries = await readQuestionLogFile(file, options);
        const kept = entries.filter((entry) => !(time(entry) < cutoff.getTime()));
        const deleted = entries.length - kept.length;
        if (deleted === 0) return 0;
        const temporary = `${file}.retention-${process.pid}.tmp`;
        try {
          const handle = await open(temporary, 'w');
          try {
            await handle.writeFile(kept.map((entry) => `${JSON.stringify(entry)}\n`).join(''), 'utf8');
            await handle.sync();
          } finally {
            await handle.close();
          }
          await rename(temporary, file);
        } catch (error) {
          await rm(temporary, { force: true });
          throw error;
        }
        return deleted;
      });
    },
  };
}

const stores = new Map<string, QuestionLogStore>();

/** The JSON-lines store of one file (shared by everything in this process, so its writes take turns). */
export function jsonLinesQuestionStore(file: string, options: ReadQuestionLogOptions = {}): QuestionLogStore {
  const path = resolve(file);
  let store = stores.get(path);
  if (store === undefined) {
    store = createJsonLinesQuestionStore(path, options);
    stores.set(path, store);
  }
  return store;
}
