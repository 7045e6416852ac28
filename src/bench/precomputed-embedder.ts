import type { Embedder } from '../embedding/embedder.ts';
import { vectorRow, type VectorSet } from './synthetic-vectors.ts';

/**
 * An Embedder that hands out vectors computed beforehand: document vectors in order (VectorIndex.build
 * embeds chunks in order), query vectors by question text. It lets the product's own VectorIndex and
 * retriever run over synthetic vectors, and times retrieval without the cost of a model.
 */
export class PrecomputedEmbedder implements Embedder {
  readonly model: string;
  readonly dims: number;
  readonly #documents: VectorSet | null;
  readonly #queries: Map<string, number[]>;
  #cursor = 0;

  constructor({
    documents = null,
    queries = new Map(),
    dims,
    model = 'bench-precomputed',
  }: {
    documents?: VectorSet | null;
    queries?: Map<string, number[]>;
    dims: number;
    model?: string;
  }) {
    this.dims = dims;
    this.model = model;
    this.#documents = documents;
    this.#queries = queries;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const documents = this.#documents;
    if (documents === null) throw new Error('PrecomputedEmbedder has no document vectors');
    if (this.#cursor + texts.length > documents.count) throw new Error(`PrecomputedEmbedder has ${documents.count} document vectors, asked for more`);
    const vectors = texts.map((_, offset) => Array.from(vectorRow(documents, this.#cursor + offset)));
    this.#cursor += texts.length;
    return vectors;
  }

  /** Starts handing out document vectors from the first again (before building another index). */
  rewind(): void {
    this.#cursor = 0;
  }

  async embedQuery(text: string): Promise<number[]> {
    const vector = this.#queries.get(text);
    if (vector === undefined) throw new Error(`PrecomputedEmbedder has no vector for the query ${JSON.stringify(text.slice(0, 40))}`);
    return vector;
  }
}
