import { readFileSync } from 'node:fs';
import { z } from 'zod';

const glossaryEntrySchema = z
  .object({
    zh: z.string().min(1),
    en: z.array(z.string().min(1)).min(1),
    kind: z.string().min(1),
    aliases: z.array(z.string().min(1)).optional(),
    docs: z.array(z.string()).optional(),
  })
  .strict();

export type GlossaryEntry = z.infer<typeof glossaryEntrySchema>;

/** A glossary that is not JSON or has a bad entry; `detail` says which and why. */
export class GlossaryError extends Error {
  readonly detail: string;

  constructor(label: string, detail: string) {
    super(`Invalid glossary ${label}: ${detail}`);
    this.name = 'GlossaryError';
    this.detail = detail;
  }
}

/** Parses and validates a glossary's JSON text; `label` names it in the error. */
export function parseGlossary(text: string, label: string): GlossaryEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new GlossaryError(label, `not valid JSON (${(error as Error).message.slice(0, 80)})`);
  }
  const result = z.array(glossaryEntrySchema).safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new GlossaryError(label, `entry ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return result.data;
}

/** Reads and validates `corpus/glossary.json`; a bad entry is reported with its position. */
export function loadGlossary(path: string): GlossaryEntry[] {
  return parseGlossary(readFileSync(path, 'utf8'), path);
}

/** Every Chinese spelling in the glossary (names and aliases), for the segmenter's user dictionary. */
export function glossaryChineseTerms(glossary: GlossaryEntry[]): string[] {
  return [...new Set(glossary.flatMap((entry) => [entry.zh, ...(entry.aliases ?? [])]))];
}
