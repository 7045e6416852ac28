import type { Chunk } from '../index-store/chunk.ts';
import type { Tokenizer } from '../text/tokenize.ts';
import type { LexicalHit, LexicalIndexData, LexicalSettings, WeightedTerm } from './lexical-types.ts';
import { PackedLexicalIndex } from './packed-lexical-index.ts';

export type { LexicalHit, LexicalIndexData, LexicalSettings, WeightedTerm };

/** What the lexical index tokenises for a chunk: its title and section path count as text. */
export function indexableText(chunk: Pick<Chunk, 'title' | 'section' | 'text'>): string {
  return `${chunk.section.join(' ')} ${chunk.title} ${chunk.text}`;
}

/**
 * BM25 over jieba tokens. In memory and on disk the index is packed (typed-array postings used in place,
 * one reused score array, a bounded top-k heap — see PackedLexicalIndex), which `npm run bench` measured
 * at ~5 ms instead of ~330 ms per query at 100k chunks; `index/lexical.bin` (lexical-index-file.ts)
 * loads without parsing: ~0.2–0.3 s at 100k chunks where lexical.json took 1.1–2 s.
 */
export class LexicalIndex {
  readonly settings: LexicalSettings;
  readonly #packed: PackedLexicalIndex;

  private constructor(packed: PackedLexicalIndex) {
    this.settings = packed.settings;
    this.#packed = packed;
  }

  static build(chunks: Chunk[], tokenizer: Pick<Tokenizer, 'tokenize'>, settings: LexicalSettings = { k1: 1.2, b: 0.75 }): LexicalIndex {
    return LexicalIndex.fromData(buildLexicalData(chunks, tokenizer, settings));
  }

  /** Packs the plain form; the plain form is not kept. */
  static fromData(data: LexicalIndexData): LexicalIndex {
    if (
      data.version !== 1 ||
      !Array.isArray(data.ids) ||
      !Array.isArray(data.lengths) ||
      data.ids.length !== data.lengths.length ||
      typeof data.postings !== 'object' ||
      data.postings === null
    ) {
      throw new Error('lexical index data is malformed');
    }
    return new LexicalIndex(PackedLexicalIndex.fromData(data));
  }

  /** Reads `lexical.bin`; a missing, truncated or damaged file throws a LexicalFileError naming it. */
  static load(file: string): LexicalIndex {
    return new LexicalIndex(PackedLexicalIndex.load(file));
  }

  /** The index in a lexical.bin's bytes, read by the caller; `file` names it in errors. */
  static decode(bytes: Buffer, file: string): LexicalIndex {
    return new LexicalIndex(PackedLexicalIndex.decode(bytes, file));
  }

  /** Writes `lexical.bin`; returns its size in bytes. */
  save(file: string): number {
    return this.#packed.save(file);
  }

  /** Chunk ids in index order (the order of the chunks it was built from). */
  get ids(): readonly string[] {
    return this.#packed.ids;
  }

  /** Tokens indexed over all chunks. */
  get totalTokens(): number {
    return this.#packed.totalTokens;
  }

  get size(): number {
    return this.#packed.size;
  }

  /** Number of chunks containing the term (0 when unknown). */
  documentFrequency(term: string): number {
    return this.#packed.documentFrequency(term);
  }

  /** Every indexed term with its document frequency (feeds the English→Chinese bridge). */
  vocabulary(): Map<string, number> {
    return this.#packed.vocabulary();
  }

  idf(term: string): number {
    return this.#packed.idf(term);
  }

  search(terms: WeightedTerm[], options: { topK?: number } = {}): LexicalHit[] {
    return this.#packed.search(terms, options);
  }
}

/** Tokenises every chunk and collects its postings: the plain form of the index. */
export function buildLexicalData(chunks: Chunk[], tokenizer: Pick<Tokenizer, 'tokenize'>, settings: LexicalSettings = { k1: 1.2, b: 0.75 }): LexicalIndexData {
  const postings: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
  const lengths: number[] = [];
  chunks.forEach((chunk, chunkIndex) => {
    const tokens = tokenizer.tokenize(indexableText(chunk));
    lengths.push(tokens.length);
    const counts = new Map<string, number>();
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    for (const [term, count] of counts) (postings[term] ??= []).push(chunkIndex, count);
  });
  return { version: 1, settings, ids: chunks.map((chunk) => chunk.id), lengths, postings };
}
