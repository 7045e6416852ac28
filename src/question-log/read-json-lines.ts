import { readFile } from 'node:fs/promises';
import type { z } from 'zod';

export interface ReadJsonLinesOptions {
  /** Told about each line that is not a valid record (a torn write from a crash), which is then skipped. */
  onSkippedLine?: (lineNumber: number, reason: string) => void;
}

/**
 * Every valid record of a JSON-lines file, oldest first: a missing file is an empty one, and a torn or
 * invalid line is reported and skipped, never fatal (feedback and the question log are both written so).
 */
export async function readJsonLines<Schema extends z.ZodType>(
  file: string,
  schema: Schema,
  what: string,
  { onSkippedLine = () => {} }: ReadJsonLinesOptions = {},
): Promise<Array<z.infer<Schema>>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const records: Array<z.infer<Schema>> = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      onSkippedLine(index + 1, 'not valid JSON (probably a write interrupted by a crash)');
      return;
    }
    const record = schema.safeParse(parsed);
    if (record.success) records.push(record.data);
    else onSkippedLine(index + 1, `not ${what}: ${record.error.issues[0]?.message ?? 'invalid'}`);
  });
  return records;
}
