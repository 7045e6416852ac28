import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import hnswlib from 'hnswlib-node';
import type { Embedder } from '../embedding/embedder.ts';
import type { Chunk } from '../index-store/chunk.ts';

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

/** hnswlib.index read by hnswlib-node, with the width args.json declares (see VectorIndex.readGraph). */
export interface VectorGraph {
  dir: string;
  graph: hnswlib.HierarchicalNSW;
  dims: number;
}

/**
 * Dense index over chunks. It is built and saved through LangChain's HNSWLib store (cosine space), so
 * the on-disk format is the one LangChain tools read (`hnswlib.index`, `args.json`, `docstore.json`).
 * For serving it is loaded without LangChain: hnswlib-node reads `hnswlib.index` and labels map to chunk
 * ids by position, because build() adds chunk i with label i (LangChain's docstore.json maps label i to
 * the same id, and repeats every passage's text: at 100k chunks parsing it cost more than the graph).
 *
 * What the wrapper does with M/efConstruction: nothing. `HNSWLibArgs` has only space, numDimensions,
 * docstore and index; `addVectors` calls `index.initIndex(count)` with hnswlib-node's defaults
 * (M 16, efConstruction 200), and re-initialises any passed-in index that is still empty. So build()
 * creates and fills the HierarchicalNSW itself and hands the filled index to the store. M and
 * efConstruction are then stored inside `hnswlib.index` and survive save/load; `ef` is not stored
 * anywhere (hnswlib resets it to 10 on read), so search() sets it on every call.
 */
export class VectorIndex {
  readonly #graph: hnswlib.HierarchicalNSW;
  /** Label → chunk id. */
  readonly #ids: readonly string[];
  readonly #embedder: Embedder;
  /** The LangChain store a built index is saved through; null for an index loaded for serving. */
  readonly #store: HNSWLib | null;

  private constructor(graph: hnswlib.HierarchicalNSW, ids: readonly string[], embedder: Embedder, store: HNSWLib | null) {
    this.#graph = graph;
    this.#ids = ids;
    this.#embedder = embedder;
    this.#store = store;
  }

  static async build(chunks: Chunk[], embedder: Embedder, { m = 16, efConstruction = 200, onProgress }: VectorIndexBuildOptions = {}): Promise<VectorIndex> {
    const documents = chunks.map((chunk) => new Document({ pageContent: passageText(chunk), metadata: { id: chunk.id } }));
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
        // The label is the chunk's position: load() maps labels back to ids through the chunk order.
        index.addPoint(vector, start + offset);
      });
      onProgress?.(start + slice.length, documents.length);
    }

    const store = new HNSWLib(embedder, { space: 'cosine', numDimensions: embedder.dims });
    // `_index` is the wrapper's public backing field (its setter is private); passing the index in the
    // constructor args instead would also write it into args.json.
    store._index = index;
    store.docstore.add(Object.fromEntries(documents.map((document, label) => [String(label), document])));
    return new VectorIndex(
      index,
      chunks.map((chunk) => chunk.id),
      embedder,
      store,
    );
  }

  /**
   * Starts reading `dir/hnswlib.index` (hnswlib-node reads it on a libuv thread, so the caller can parse
   * other files meanwhile). `dims` is the width the caller expects; args.json must declare the same.
   */
  static async readGraph(dir: string, dims: number): Promise<VectorGraph> {
    // Synchronous up to readIndex(), so the native read is queued before this returns: awaiting a
    // read of args.json first would start it only when the caller's synchronous work is done.
    const args = JSON.parse(readFileSync(path.join(dir, 'args.json'), 'utf8')) as { numDimensions?: unknown; space?: unknown };
    if (args.numDimensions !== dims) {
      throw new Error(`vector index in ${dir} has ${String(args.numDimensions)} dims but ${dims} are expected: rebuild the index`);
    }
    if (args.space !== undefined && args.space !== 'cosine')
      throw new Error(`vector index in ${dir} uses the ${String(args.space)} space, not cosine: rebuild the index`);
    const graph = new hnswlib.HierarchicalNSW('cosine', dims);
    await graph.readIndex(path.join(dir, 'hnswlib.index'));
    return { dir, graph, dims };
  }

  /** The index over a graph read by readGraph: `ids` are the chunk ids in chunk order (label i is ids[i]). */
  static fromGraph({ dir, graph, dims }: VectorGraph, ids: readonly string[], embedder: Embedder): VectorIndex {
    if (dims !== embedder.dims) {
      throw new Error(`vector index in ${dir} has ${dims} dims but ${embedder.model} makes ${embedder.dims}: rebuild the index`);
    }
    const count = graph.getCurrentCount();
    if (count !== ids.length) throw new Error(`vector index in ${dir} holds ${count} vectors but the index has ${ids.length} chunks: rebuild the index`);
    // Labels are positions 0…count−1; anything else would map hits to the wrong chunks.
    const labels = graph.getIdsList();
    if (labels.length !== count) throw new Error(`vector index in ${dir} has ${labels.length} distinct labels for ${count} vectors: rebuild the index`);
    for (const label of labels) {
      if (!Number.isInteger(label) || label < 0 || label >= count)
        throw new Error(`vector index in ${dir} has label ${label}, outside 0…${count - 1}: rebuild the index`);
    }
    return new VectorIndex(graph, ids, embedder, null);
  }

  /** Loads a saved index for serving (no docstore.json): `ids` are the chunk ids in chunk order. */
  static async load(dir: string, embedder: Embedder, ids: readonly string[]): Promise<VectorIndex> {
    return VectorIndex.fromGraph(await VectorIndex.readGraph(dir, embedder.dims), ids, embedder);
  }

  /** Saves in LangChain's HNSWLib format; only a built index can be saved (a loaded one has no docstore). */
  async save(dir: string): Promise<void> {
    if (this.#store === null) throw new Error('only a VectorIndex made by build() can be saved');
    await this.#store.save(dir);
  }

  get size(): number {
    return this.#graph.getCurrentCount();
  }

  async search(queryVector: number[], { topK = 20, ef = 64 }: VectorSearchOptions = {}): Promise<VectorHit[]> {
    const k = Math.min(topK, this.size);
    if (k <= 0) return [];
    if (queryVector.length !== this.#embedder.dims) throw new Error(`query vector has ${queryVector.length} dims, the index ${this.#embedder.dims}`);
    // hnswlib needs ef >= k to return k results reliably.
    this.#graph.setEf(Math.max(ef, k));
    const { neighbors, distances } = this.#graph.searchKnn(queryVector, k);
    // hnswlib returns cosine distance (1 - cos); callers want similarity.
    return neighbors.map((label, rank) => ({ id: this.#ids[label] as string, score: 1 - (distances[rank] as number) }));
  }

  async searchText(query: string, options: VectorSearchOptions = {}): Promise<VectorHit[]> {
    return this.search(await this.#embedder.embedQuery(query), options);
  }
}

/** What gets embedded for a chunk: its title carries the entry's topic, which the text often omits. */
export function passageText(chunk: Pick<Chunk, 'title' | 'text'>): string {
  return chunk.title ? `${chunk.title}\n${chunk.text}` : chunk.text;
}
