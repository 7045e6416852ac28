import { join } from 'node:path';
import type { Chunk } from '../index-store/chunk.ts';
import { VectorIndex } from '../retrieval/vector-index.ts';
import { directorySize } from './directory-size.ts';
import { legacyLoadDense } from './legacy-index-load.ts';
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
  /** VectorIndex.load: hnswlib.index read by hnswlib-node, labels mapped to chunk ids by position (in this process). */
  loadMs: number;
  /** LangChain's HNSWLib.load of the same folder (hnswlib.index + docstore.json): how the index loaded before. */
  langchainLoadMs: number;
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
 * saves it (LangChain's format) and reloads it (directly, and through LangChain for comparison), and measures
 * recall@10 against `exactIds` and latency for each search breadth.
 */
export async function measureHnswScale(
  chunks: Chunk[],
  embedder: PrecomputedEmbedder,
  queries: number[][],
  exactIds: string[][],
  {
    m,
    efConstruction,
    efValues,
    workDir,
    dirName = `dense-m${m}-efc${efConstruction}`,
    budgetMs,
  }: { m: number; efConstruction: number; efValues: readonly number[]; workDir: string; dirName?: string; budgetMs: number },
): Promise<DenseScaleOutput> {
  const dir = join(workDir, dirName);
  const { buildMs, saveMs } = await (async () => {
    embedder.rewind();
    const built = await timed(() => VectorIndex.build(chunks, embedder, { m, efConstruction }));
    const save = await timed(() => built.value.save(dir));
    return { buildMs: built.ms, saveMs: save.ms };
  })();
  const langchainLoad = await timed(async () => (await legacyLoadDense(dir, embedder)).index.getCurrentCount());
  const load = await timed(() =>
    VectorIndex.load(
      dir,
      embedder,
      chunks.map((chunk) => chunk.id),
    ),
  );
  const index = load.value;

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
      langchainLoadMs: langchainLoad.ms,
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
