import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * One line of `corpus/enrichment/<slug>.jsonl`: a passage's English edition aligned sentence by sentence
 * with its Chinese text, the questions it answers in both languages, and aliases of its names.
 * The contract is documented in corpus/enrichment/README.md.
 */
export const enrichmentRecordSchema = z.object({
  /** The chunk id, e.g. `yearbook-2020-emerging#1`. */
  id: z.string().min(1),
  /** `chunkTextHash(chunk.text)` of the text this entry was written for; a mismatch means the entry is stale. */
  hash: z.string().regex(/^[0-9a-f]{16}$/, 'hash must be 16 lowercase hex digits (see chunkTextHash)'),
  titleEn: z.string().min(1),
  /** The Chinese pieces concatenate exactly to the chunk's text; each carries its English. */
  sentences: z.array(z.object({ zh: z.string().min(1), en: z.string().min(1) })).min(1),
  questions: z.object({ zh: z.array(z.string().min(1)), en: z.array(z.string().min(1)) }),
  /** Groups of names that mean the same thing, e.g. ["港交所", "香港联交所", "HKEX", "Hong Kong Stock Exchange"]. */
  aliases: z.array(z.array(z.string().min(1)).min(2)).default([]),
});

export type EnrichmentRecord = z.infer<typeof enrichmentRecordSchema>;

/** The key that ties an enrichment entry to the exact cleaned text it was written for. */
export function chunkTextHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export interface EnrichmentFileProblem {
  file: string;
  line: number;
  message: string;
}

/** Reads one enrichment file; a malformed line is reported with its line number and skipped, never fatal. */
export async function readEnrichmentFile(file: string): Promise<{ records: EnrichmentRecord[]; problems: EnrichmentFileProblem[] }> {
  return parseEnrichmentText(await readFile(file, 'utf8'), file);
}

/** The records of an enrichment file's text (`file` names it in problems); malformed lines are reported and skipped. */
export function parseEnrichmentText(text: string, file: string): { records: EnrichmentRecord[]; problems: EnrichmentFileProblem[] } {
  const records: EnrichmentRecord[] = [];
  const problems: EnrichmentFileProblem[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push({ file, line: index + 1, message: `not JSON: ${(error as Error).message}` });
      return;
    }
    const parsed = enrichmentRecordSchema.safeParse(value);
    if (parsed.success) records.push(parsed.data);
    else problems.push({ file, line: index + 1, message: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
  });
  return { records, problems };
}

/**
 * The knowledge base's short Chinese names (its alias groups) that jieba should keep whole, like the glossary's: 药企
 * is a name of 医药企业, but jieba's dictionary does not have it, and 「有多少家药企」 was cut 家药企, a word no
 * alias group holds. Two or three characters only: jieba cuts a longer name into its own dictionary words already
 * (地区生产总值 → 地区/生产总值), and kept whole it would hide them, since jieba's search mode adds a long word's two- and
 * three-character parts but not its four-character ones (生产总值, 科学研究). Only names written wholly in Chinese
 * characters: jieba sees only Chinese runs.
 */
export function aliasTokenizerWords(records: readonly EnrichmentRecord[]): string[] {
  return [...new Set(records.flatMap((record) => record.aliases.flat()).filter((name) => /^[\u3400-\u9fff]{2,3}$/u.test(name)))];
}
