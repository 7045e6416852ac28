import { open, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
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

/** The file's lines, one at a time (none when there is no file). */
async function* fileLines(file: string): AsyncGenerator<string> {
  let lines: AsyncIterable<string>;
  try {
    const handle = await open(file, 'r');
    lines = createInterface({ input: handle.createReadStream({ encoding: 'utf8' }), crlfDelay: Infinity });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for await (const text of lines) if (text.trim() !== '') yield text;
}

function parseLine(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The file's valid entries as written (text) with their time, one at a time; torn or invalid lines are skipped. */
async function* validLines(file: string): AsyncGenerator<{ text: string; time: number }> {
  for await (const text of fileLines(file)) {
    const entry = questionLogEntrySchema.safeParse(parseLine(text));
    if (entry.success) yield { text, time: time(entry.data) };
  }
}

/**
 * An entry's `at` as its line writes it. Inside a JSON string every quote is escaped, so `"at":"…"` can only be
 * a key, and an entry has no `at` but its own. Lines without one are left to the rewrite's full check.
 */
const atKey = /"at"\s*:\s*"([^"\\]+)"/;

/**
 * Whether any line is older than the cutoff, read from its `at` alone. A log without anything to delete (the
 * usual case: retention runs a minute after the start and then hourly) is not checked entry by entry with the
 * schema: for 10,000 entries that took ~35 ms of CPU and a JSON parse of each.
 */
async function hasLinesBefore(file: string, cutoff: number): Promise<boolean> {
  for await (const text of fileLines(file)) {
    const at = atKey.exec(text)?.[1];
    if (at === undefined || Date.parse(at) < cutoff) return true;
  }
  return false;
}

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
        // Streamed line by line, twice at most: a log of many thousand answers is never held in memory
        // (reading it whole at every start cost ~80 MB of heap for a 15 MB file), and it is rewritten
        // only when something is old enough to go.
        if (!(await hasLinesBefore(file, cutoff.getTime()))) return 0;
        let deleted = 0;
        const temporary = `${file}.retention-${process.pid}.tmp`;
        try {
          const handle = await open(temporary, 'w');
          try {
            // Written in ~64 KB pieces: memory stays flat whatever the log's size.
            let piece = '';
            for await (const line of validLines(file)) {
              if (line.time < cutoff.getTime()) {
                deleted += 1;
                continue;
              }
              piece += `${line.text}\n`;
              if (piece.length < 65_536) continue;
              await handle.write(piece, null, 'utf8');
              piece = '';
            }
            if (piece !== '') await handle.write(piece, null, 'utf8');
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
