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

/** Reads and validates `corpus/glossary.json`; a bad entry is reported with its position. */
export function loadGlossary(path: string): GlossaryEntry[] {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const result = z.array(glossaryEntrySchema).safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`Invalid glossary ${path}: entry ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return result.data;
}

/** Every Chinese spelling in the glossary (names and aliases), for the segmenter's user dictionary. */
export function glossaryChineseTerms(glossary: GlossaryEntry[]): string[] {
  return [...new Set(glossary.flatMap((entry) => [entry.zh, ...(entry.aliases ?? [])]))];
}
