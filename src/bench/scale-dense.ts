import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import type { Chunk } from '../ingest/chunk.ts';
import { VectorIndex } from '../retrieval/vector-index.ts';
import { directorySize } from './directory-size.ts';
import { sampleLatencies, timed } from './measure.ts';
import { summarize, type LatencySummary } from './percentiles.ts';
import type { PrecomputedEmbedder } from './precomputed-embedder.ts';
import { meanRecallAtK } from './recall.ts';

export interface EfPoint {
  ef: number;
  recallAt10: number;
  latency: LatencySummary;
}

export interface HnswScaleResult {
  m: number;
  efConstruction: number;
  buildMs: number;
  /**
   * hnswlib's graph lives outside the JS heap; its in-memory size is what saveIndex writes (vectors +
   * links), so the graph file size per chunk is the native memory per chunk.
   */
  nativeBytesPerChunk: number;
  /** hnswlib.index + args.json + docstore.json. */
  fileBytes: number;
  graphFileBytes: number;
  saveMs: number;
  loadMs: number;
  /** Reading hnswlib.index alone with hnswlib-node (no LangChain docstore.json): what a graph + id list would cost. */
  graphLoadMs: number;
  sweep: EfPoint[];
}

export interface DenseScaleOutput {
  result: HnswScaleResult;
  index: VectorIndex;
  /** Where the index was saved (LangChain's HNSWLib folder). */
  dir: string;
}

/**
 * Builds the product's VectorIndex (LangChain HNSWLib over hnswlib-node) from precomputed vectors,
 * saves and reloads it, and measures recall@10 against `exactIds` and latency for each search breadth.
 */
export async function measureHnswScale(
  chunks: Chunk[],
  embedder: PrecomputedEmbedder,
  queries: number[][],
  exactIds: string[][],
  { m, efConstruction, efValues, workDir, budgetMs }: { m: number; efConstruction: number; efValues: readonly number[]; workDir: string; budgetMs: number },
): Promise<DenseScaleOutput> {
  const dir = join(workDir, `dense-m${m}-efc${efConstruction}`);
  const { buildMs, saveMs } = await (async () => {
    embedder.rewind();
    const built = await timed(() => VectorIndex.build(chunks, embedder, { m, efConstruction }));
    const save = await timed(() => built.value.save(dir));
    return { buildMs: built.ms, saveMs: save.ms };
  })();
  const load = await timed(() => VectorIndex.load(dir, embedder));
  const index = load.value;
  const graphLoad = await timed(async () => {
    const graph = new hnswlib.HierarchicalNSW('cosine', embedder.dims);
    await graph.readIndex(join(dir, 'hnswlib.index'));
    return graph.getCurrentCount();
  });

  const sweep: EfPoint[] = [];
  for (const ef of efValues) {
    const found = await Promise.all(queries.map(async (query) => (await index.search(query, { topK: 10, ef })).map((hit) => hit.id)));
    const latency = summarize(await sampleLatencies(queries, (query) => index.search(query, { topK: 10, ef }), { budgetMs }));
    sweep.push({ ef, recallAt10: meanRecallAtK(found, exactIds, 10), latency });
  }
  return {
    result: {
      m,
      efConstruction,
      buildMs,
      nativeBytesPerChunk: directorySize(join(dir, 'hnswlib.index')) / chunks.length,
      fileBytes: directorySize(dir),
      graphFileBytes: directorySize(join(dir, 'hnswlib.index')),
      saveMs,
      loadMs: load.ms,
      graphLoadMs: graphLoad.ms,
      sweep,
    },
    index,
    dir,
  };
}

/** The smallest breadth that reaches `goal`, else the one with the best recall. */
export function chooseEf(sweep: readonly EfPoint[], goal: number): EfPoint {
  const sorted = [...sweep].sort((left, right) => left.ef - right.ef);
  const reaching = sorted.find((point) => point.recallAt10 >= goal);
  if (reaching !== undefined) return reaching;
  const best = sorted.reduce<EfPoint | undefined>((top, point) => (top === undefined || point.recallAt10 > top.recallAt10 ? point : top), undefined);
  if (best === undefined) throw new RangeError('no search breadths measured');
  return best;
}
