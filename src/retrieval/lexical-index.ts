import type { Chunk } from '../ingest/chunk.ts';
import type { Tokenizer } from '../text/tokenize.ts';

export interface LexicalSettings {
  k1: number;
  b: number;
}

/** The serialised form in `index/lexical.json`. */
export interface LexicalIndexData {
  version: 1;
  settings: LexicalSettings;
  ids: string[];
  lengths: number[];
  /** term → flat [chunkIndex, termFrequency, chunkIndex, termFrequency, …] */
  postings: Record<string, number[]>;
}

export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface LexicalHit {
  id: string;
  score: number;
  /** Query terms found in the chunk. */
  matched: string[];
}

/** What the lexical index tokenises for a chunk: its title and section path count as text. */
export function indexableText(chunk: Pick<Chunk, 'title' | 'section' | 'text'>): string {
  return `${chunk.section.join(' ')} ${chunk.title} ${chunk.text}`;
}

/**
 * BM25 over jieba tokens. Postings are flat number arrays so that a 100k-chunk index loads from JSON
 * without allocating an object per posting.
 */
export class LexicalIndex {
  readonly settings: LexicalSettings;
  readonly #ids: string[];
  readonly #lengths: number[];
  readonly #postings: Map<string, number[]>;
  readonly #averageLength: number;

  private constructor(data: LexicalIndexData) {
    this.settings = data.settings;
    this.#ids = data.ids;
    this.#lengths = data.lengths;
    this.#postings = new Map(Object.entries(data.postings));
    this.#averageLength = data.lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, data.lengths.length);
  }

  static build(chunks: Chunk[], tokenizer: Tokenizer, settings: LexicalSettings = { k1: 1.2, b: 0.75 }): LexicalIndex {
    const postings: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
    const lengths: number[] = [];
    chunks.forEach((chunk, chunkIndex) => {
      const tokens = tokenizer.tokenize(indexableText(chunk));
      lengths.push(tokens.length);
      const counts = new Map<string, number>();
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
      for (const [term, count] of counts) (postings[term] ??= []).push(chunkIndex, count);
    });
    return new LexicalIndex({ version: 1, settings, ids: chunks.map((chunk) => chunk.id), lengths, postings });
  }

  static fromData(data: LexicalIndexData): LexicalIndex {
    if (data.version !== 1 || !Array.isArray(data.ids) || data.ids.length !== data.lengths.length) {
      throw new Error('lexical index data is malformed');
    }
    return new LexicalIndex(data);
  }

  toData(): LexicalIndexData {
    return { version: 1, settings: this.settings, ids: this.#ids, lengths: this.#lengths, postings: Object.fromEntries(this.#postings) };
  }

  /** Tokens indexed over all chunks. */
  get totalTokens(): number {
    return this.#lengths.reduce((sum, length) => sum + length, 0);
  }

  get size(): number {
    return this.#ids.length;
  }

  /** Number of chunks containing the term (0 when unknown). */
  documentFrequency(term: string): number {
    return (this.#postings.get(term)?.length ?? 0) / 2;
  }

  /** Every indexed term with its document frequency (feeds the English→Chinese bridge). */
  vocabulary(): Map<string, number> {
    const vocabulary = new Map<string, number>();
    for (const [term, postings] of this.#postings) vocabulary.set(term, postings.length / 2);
    return vocabulary;
  }

  idf(term: string): number {
    const frequency = this.documentFrequency(term);
    return Math.log(1 + (this.#ids.length - frequency + 0.5) / (frequency + 0.5));
  }

  search(terms: WeightedTerm[], { topK = 20 }: { topK?: number } = {}): LexicalHit[] {
    const { k1, b } = this.settings;
    const scores = new Map<number, { score: number; matched: string[] }>();
    const merged = new Map<string, number>();
    for (const { term, weight } of terms) merged.set(term, Math.max(merged.get(term) ?? 0, weight));
    for (const [term, weight] of merged) {
      const postings = this.#postings.get(term);
      if (postings === undefined) continue;
      const idf = this.idf(term);
      for (let position = 0; position < postings.length; position += 2) {
        const chunkIndex = postings[position] as number;
        const frequency = postings[position + 1] as number;
        const length = this.#lengths[chunkIndex] as number;
        const termScore = (idf * weight * frequency * (k1 + 1)) / (frequency + k1 * (1 - b + (b * length) / this.#averageLength));
        const entry = scores.get(chunkIndex);
        if (entry === undefined) scores.set(chunkIndex, { score: termScore, matched: [term] });
        else {
          entry.score += termScore;
          entry.matched.push(term);
        }
      }
    }
    return [...scores.entries()]
      .sort((left, right) => right[1].score - left[1].score)
      .slice(0, topK)
      .map(([chunkIndex, entry]) => ({ id: this.#ids[chunkIndex] as string, score: entry.score, matched: entry.matched }));
  }
}
