import type { EnrichmentRecord } from '../enrichment/enrichment-record.ts';
import type { Chunk } from '../index-store/chunk.ts';
import type { Tokenizer } from '../text/tokenize.ts';
import { englishAnalyzer } from './english-analyzer.ts';
import { LexicalIndex } from './lexical-index.ts';

/** The three BM25 fields: built at ingest and saved beside lexical.bin (index-files.ts), or built at load without them. */
export interface FieldIndexes {
  /** English title and sentences. */
  english: LexicalIndex;
  /** English expansion questions and every alias (the Latin names of a Chinese alias group count here). */
  englishQuestions: LexicalIndex;
  /** Chinese expansion questions and every alias. */
  chineseQuestions: LexicalIndex;
}

/**
 * BM25 fields beside the Chinese text, over the passages that have an enrichment entry: the English
 * edition and the English questions and aliases (English analyzer: stop words, stems), and the Chinese
 * questions and aliases (jieba, like the text). Building them takes ~60–110 ms for the 80 passages (most of it
 * the English analyzer and jieba), so ingest saves them and a server reads them.
 */
export interface EnrichmentFields extends FieldIndexes {
  /**
   * Every alias (as written, lower-cased when Latin) → the Chinese forms of its group: a question naming
   * 港交所 or HKEX also searches the passage text for 香港联交所, which the text itself uses.
   */
  chineseFormsOf: Map<string, string[]>;
  /** Chunks the fields cover (those with an enrichment entry). */
  ids: ReadonlySet<string>;
  /** The same aliases as compiled tests, built once: each question is checked against every alias. */
  aliasTests: Array<{ test: (lowerQuestion: string) => boolean; chinese: string[] }>;
}

/** The Chinese forms of the alias groups a question names, except those it already writes. */
export function aliasExpansions(question: string, fields: EnrichmentFields): string[] {
  const lower = question.toLowerCase();
  const forms = new Set<string>();
  for (const { test, chinese } of fields.aliasTests) if (test(lower)) for (const form of chinese) if (!lower.includes(form)) forms.add(form);
  return [...forms];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A Latin alias matches as a whole word ("HKEX", not the "hk" inside another word); a Chinese one anywhere. */
function aliasTest(alias: string): (lowerQuestion: string) => boolean {
  if (!/[a-z]/.test(alias)) return (question) => question.includes(alias);
  const pattern = new RegExp(`(?<![a-z])${escapeRegExp(alias)}(?![a-z])`);
  return (question) => pattern.test(question);
}

const field = (chunk: Chunk, text: string): Chunk => ({ ...chunk, title: '', section: [], text });
const aliases = (record: EnrichmentRecord) => record.aliases.map((group) => group.join(' ')).join('\n');

type Enriched = Array<{ chunk: Chunk; record: EnrichmentRecord }>;

function enrichedChunks(chunks: readonly Chunk[], byId: ReadonlyMap<string, EnrichmentRecord>): Enriched {
  return chunks.flatMap((chunk) => {
    const record = byId.get(chunk.id);
    return record === undefined ? [] : [{ chunk, record }];
  });
}

function indexesOf(enriched: Enriched, tokenizer: Pick<Tokenizer, 'tokenize'>): FieldIndexes {
  return {
    english: LexicalIndex.build(
      enriched.map(({ chunk, record }) => field(chunk, `${record.titleEn}\n${record.sentences.map((piece) => piece.en).join(' ')}`)),
      englishAnalyzer,
    ),
    englishQuestions: LexicalIndex.build(
      enriched.map(({ chunk, record }) => field(chunk, `${record.questions.en.join('\n')}\n${aliases(record)}`)),
      englishAnalyzer,
    ),
    chineseQuestions: LexicalIndex.build(
      enriched.map(({ chunk, record }) => field(chunk, `${record.questions.zh.join('\n')}\n${aliases(record)}`)),
      tokenizer,
    ),
  };
}

/** The three fields for ingest to save; null when no passage has an entry. */
export function buildFieldIndexes(
  chunks: readonly Chunk[],
  byId: ReadonlyMap<string, EnrichmentRecord>,
  tokenizer: Pick<Tokenizer, 'tokenize'>,
): FieldIndexes | null {
  const enriched = enrichedChunks(chunks, byId);
  return enriched.length === 0 ? null : indexesOf(enriched, tokenizer);
}

/** Whether saved fields cover exactly these passages, in this order (else they are from another build and are rebuilt). */
function cover(saved: FieldIndexes, enriched: Enriched): boolean {
  const ids = enriched.map(({ chunk }) => chunk.id);
  return [saved.english, saved.englishQuestions, saved.chineseQuestions].every(
    (index) => index.ids.length === ids.length && index.ids.every((id, position) => id === ids[position]),
  );
}

export function buildEnrichmentFields(
  chunks: readonly Chunk[],
  byId: ReadonlyMap<string, EnrichmentRecord>,
  tokenizer: Pick<Tokenizer, 'tokenize'>,
  saved: FieldIndexes | null = null,
): EnrichmentFields | null {
  const enriched = enrichedChunks(chunks, byId);
  if (enriched.length === 0) return null;
  const chineseFormsOf = new Map<string, string[]>();
  for (const { record } of enriched) {
    for (const group of record.aliases) {
      const chinese = group.filter((name) => /[\u4e00-\u9fff]/.test(name));
      if (chinese.length === 0) continue;
      for (const name of group) chineseFormsOf.set(name.toLowerCase(), [...new Set([...(chineseFormsOf.get(name.toLowerCase()) ?? []), ...chinese])]);
    }
  }
  const aliasTests = [...chineseFormsOf.entries()].filter(([alias]) => alias.length >= 2).map(([alias, chinese]) => ({ test: aliasTest(alias), chinese }));
  return {
    ids: new Set(enriched.map(({ chunk }) => chunk.id)),
    chineseFormsOf,
    aliasTests,
    ...(saved !== null && cover(saved, enriched) ? saved : indexesOf(enriched, tokenizer)),
  };
}
