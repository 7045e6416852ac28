import { join } from 'node:path';
import type { Chunk } from '../ingest/chunk.ts';
import { VectorIndex } from '../retrieval/vector-index.ts';
import { directorySize } from './directory-size.ts';
import { memoryDelta, memorySnapshot, sampleLatencies, timed } from './measure.ts';
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
  /** Process RSS growth while loading the saved index (native graph + JS docstore), per chunk. */
  rssBytesPerChunk: number;
  heapBytesPerChunk: number;
  /** hnswlib.index + args.json + docstore.json. */
  fileBytes: number;
  graphFileBytes: number;
  saveMs: number;
  loadMs: number;
  sweep: EfPoint[];
}

export interface DenseScaleOutput {
  result: HnswScaleResult;
  index: VectorIndex;
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
  const before = memorySnapshot();
  const load = await timed(() => VectorIndex.load(dir, embedder));
  const memory = memoryDelta(memorySnapshot(), before);
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
      rssBytesPerChunk: memory.rss / chunks.length,
      heapBytesPerChunk: (memory.heapUsed + memory.external) / chunks.length,
      fileBytes: directorySize(dir),
      graphFileBytes: directorySize(join(dir, 'hnswlib.index')),
      saveMs,
      loadMs: load.ms,
      sweep,
    },
    index,
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
