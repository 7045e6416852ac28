// The lexical index's plain types, apart so the index, its packed form and its file format share them without importing each other.

export interface LexicalSettings {
  k1: number;
  b: number;
}

/**
 * The plain form build() assembles before packing (and what `lexical.json` held before `lexical.bin`;
 * the benchmark still writes it to measure what the binary file changed).
 */
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
