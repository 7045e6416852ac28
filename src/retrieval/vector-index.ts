import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import hnswlib from 'hnswlib-node';
import type { Embedder } from '../embedding/embedder.ts';
import type { Chunk } from '../ingest/chunk.ts';

export interface VectorIndexBuildOptions {
  /** HNSW graph degree: more links, better recall, bigger index. */
  m?: number;
  efConstruction?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface VectorSearchOptions {
  topK?: number;
  /** Search breadth; hnswlib's own default (10) is too narrow for good recall. */
  ef?: number;
}

export interface VectorHit {
  id: string;
  /** Cosine similarity, 1 = same direction. */
  score: number;
}

// Embedding in slices lets build() report progress with any Embedder, not only ours.
const EMBED_SLICE = 64;

/**
 * Dense index over chunks: LangChain's HNSWLib store (cosine space), so the on-disk format is the
 * one LangChain tools read (`hnswlib.index`, `args.json`, `docstore.json`).
 *
 * What the wrapper does with M/efConstruction: nothing. `HNSWLibArgs` has only space, numDimensions,
 * docstore and index; `addVectors` calls `index.initIndex(count)` with hnswlib-node's defaults
 * (M 16, efConstruction 200), and re-initialises any passed-in index that is still empty. So build()
 * creates and fills the HierarchicalNSW itself and hands the filled index to the store. M and
 * efConstruction are then stored inside `hnswlib.index` and survive save/load; `ef` is not stored
 * anywhere (hnswlib resets it to 10 on read), so search() sets it on every call.
 */
export class VectorIndex {
  readonly #store: HNSWLib;
  readonly #embedder: Embedder;

  private constructor(store: HNSWLib, embedder: Embedder) {
    this.#store = store;
    this.#embedder = embedder;
  }

  static async build(
    chunks: Chunk[],
    embedder: Embedder,
    { m = 16, efConstruction = 200, onProgress }: VectorIndexBuildOptions = {},
  ): Promise<VectorIndex> {
    const documents = chunks.map(
      (chunk) => new Document({ pageContent: passageText(chunk), metadata: { id: chunk.id } }),
    );
    const index = new hnswlib.HierarchicalNSW('cosine', embedder.dims);
    // hnswlib cannot allocate an index for zero elements; an empty corpus still gets a searchable index.
    index.initIndex(Math.max(1, documents.length), m, efConstruction);
    onProgress?.(0, documents.length);
    for (let start = 0; start < documents.length; start += EMBED_SLICE) {
      const slice = documents.slice(start, start + EMBED_SLICE);
      const vectors = await embedder.embedDocuments(slice.map((document) => document.pageContent));
      vectors.forEach((vector, offset) => {
        if (vector.length !== embedder.dims) {
          throw new Error(`embedder ${embedder.model} returned ${vector.length} dims, expected ${embedder.dims}`);
        }
        index.addPoint(vector, start + offset);
      });
      onProgress?.(start + slice.length, documents.length);
    }

    const store = new HNSWLib(embedder, { space: 'cosine', numDimensions: embedder.dims });
    // `_index` is the wrapper's public backing field (its setter is private); passing the index in the
    // constructor args instead would also write it into args.json.
    store._index = index;
    store.docstore.add(Object.fromEntries(documents.map((document, label) => [String(label), document])));
    return new VectorIndex(store, embedder);
  }

  static async load(dir: string, embedder: Embedder): Promise<VectorIndex> {
    const args = JSON.parse(await readFile(path.join(dir, 'args.json'), 'utf8')) as { numDimensions?: unknown };
    if (args.numDimensions !== embedder.dims) {
      throw new Error(
        `vector index in ${dir} has ${String(args.numDimensions)} dims but ${embedder.model} makes ${embedder.dims}: rebuild the index`,
      );
    }
    return new VectorIndex(await HNSWLib.load(dir, embedder), embedder);
  }

  async save(dir: string): Promise<void> {
    await this.#store.save(dir);
  }

  get size(): number {
    return this.#store._index?.getCurrentCount() ?? 0;
  }

  async search(queryVector: number[], { topK = 20, ef = 64 }: VectorSearchOptions = {}): Promise<VectorHit[]> {
    const k = Math.min(topK, this.size);
    if (k <= 0) return [];
    // hnswlib needs ef >= k to return k results reliably.
    this.#store.index.setEf(Math.max(ef, k));
    const results = await this.#store.similaritySearchVectorWithScore(queryVector, k);
    // The wrapper returns hnswlib's cosine distance (1 - cos); callers want similarity.
    return results.map(([document, distance]) => ({ id: String(document.metadata['id']), score: 1 - distance }));
  }

  async searchText(query: string, options: VectorSearchOptions = {}): Promise<VectorHit[]> {
    return this.search(await this.#embedder.embedQuery(query), options);
  }
}

/** What gets embedded for a chunk: its title carries the entry's topic, which the text often omits. */
export function passageText(chunk: Pick<Chunk, 'title' | 'text'>): string {
  return chunk.title ? `${chunk.title}\n${chunk.text}` : chunk.text;
}
