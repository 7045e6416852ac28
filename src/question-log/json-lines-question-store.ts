import { open, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { appendLines } from './append-lines.ts';
import { readJsonLines, type ReadJsonLinesOptions } from './read-json-lines.ts';
import { questionLogEntrySchema, type QuestionLogEntry } from './question-log-entry.ts';
import type { QuestionLogStore } from './question-log-store.ts';

export type ReadQuestionLogOptions = ReadJsonLinesOptions;

/** Every entry in the file, oldest first; a missing file is an empty log, a torn line is skipped. */
export function readQuestionLogFile(file: string, options: ReadQuestionLogOptions = {}): Promise<QuestionLogEntry[]> {
  return readJsonLines(file, questionLogEntrySchema, 'a question-log entry', options);
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
