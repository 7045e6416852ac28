import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Chunk } from '../index-store/chunk.ts';
import { indexFiles } from '../index-store/index-files.ts';
import { MANIFEST_SCHEMA_VERSION, type Manifest } from '../index-store/manifest.ts';
import { yearsWrittenInAll } from '../text/written-years.ts';
import { CHUNKER_VERSION } from '../ingest/split-text.ts';
import { createQueryBridge, type BridgeDictionary } from '../retrieval/bridge-query.ts';
import { createRetriever } from '../retrieval/retriever.ts';
import type { GlossaryEntry } from '../text/glossary.ts';
import { glossaryChineseTerms } from '../text/glossary.ts';
import { toSimplified } from '../text/to-simplified.ts';
import type { Tokenizer } from '../text/tokenize.ts';
import { buildBm25Retriever, buildMemoryVectorStore } from './baselines.ts';
import { ExactCosineSearch } from './exact-search.ts';
import { measureBuild, perItem, sampleLatencies, timed } from './measure.ts';
import { summarize, type LatencySummary } from './percentiles.ts';
import { PrecomputedEmbedder } from './precomputed-embedder.ts';
import type { ProbeLayout, ProbeResult } from './probe-server-start.ts';
import { runProbe } from './run-probe.ts';
import { meanRecallAtK } from './recall.ts';
import { chooseEf, measureHnswScale, type EfPoint, type HnswScaleResult } from './scale-dense.ts';
import { buildLexicalScale, compareLexicalRoundTrip, type LexicalScaleResult } from './scale-lexical.ts';
import { makeSyntheticCorpus } from './synthetic-corpus.ts';
import { makeClusteredVectors, vectorRow } from './synthetic-vectors.ts';

export interface HnswSetting {
  m: number;
  efConstruction: number;
}

export interface ScaleBenchOptions {
  sizes: readonly number[];
  /** Real passages whose sentences are recombined. */
  sources: Chunk[];
  /** Real questions (any language) for lexical and fused retrieval. */
  questions: readonly string[];
  tokenizer: Tokenizer;
  glossary: GlossaryEntry[];
  /** The English→Chinese dictionary saved at ingest; without it English questions use the glossary and domain table only. */
  bridgeDictionary?: BridgeDictionary;
  workDir: string;
  dims?: number;
  denseQueries?: number;
  questionCount?: number;
  efValues?: readonly number[];
  /** The settings ingest uses. */
  hnsw?: HnswSetting;
  /** The search breadth VectorIndex.search uses when the caller gives none. */
  defaultEf?: number;
  recallGoal?: number;
  /** Time spent on one latency measurement before it stops (at least 3 samples). */
  budgetMs?: number;
  /** Lexical and fused latency take at least this many samples whatever the budget (they are the slow ones at size). */
  minSamples?: number;
  /** Same for the LangChain baselines, which are far slower at size. */
  baselineBudgetMs?: number;
  /** Fresh processes per load measurement of today's layout (the figure is noisy on a busy machine). */
  loadRuns?: number;
  /** Build extra graphs with these settings at this size (and only there). */
  grid?: { size: number; settings: HnswSetting[]; efValues: readonly number[] } | null;
  log?: (line: string) => void;
}

export interface GridPoint extends HnswSetting {
  buildMs: number;
  graphFileBytes: number;
  sweep: EfPoint[];
}

export interface ScaleSizeResult {
  size: number;
  corpus: { chars: number; sentencePool: number; generateMs: number; vectorsMs: number; dims: number; denseQueries: number; questions: number };
  lexical: LexicalScaleResult;
  hnsw: HnswScaleResult;
  /** The smallest breadth meeting the recall goal. */
  chosen: EfPoint & { speedupVsExact: number };
  /** What VectorIndex.search does today without an explicit ef. */
  productDefault: EfPoint & { speedupVsExact: number };
  exact: { latency: LatencySummary; bytesPerChunk: number };
  /**
   * Fresh processes that load the saved index (see ProbeLayout): the former layout and today's parts
   * one after another (once each), today's loadIndex and the whole loadAnswerEngine (`loadRuns` times
   * each). The first `today` run then times lexical search (depth 30) and fused retrieve() (query vector
   * looked up, HNSW at the default ef).
   */
  server: { before: ProbeResult; steps: ProbeResult; today: ProbeResult[]; engine: ProbeResult[] };
  langchain: {
    memoryStore: { buildMs: number; bytesPerChunk: number | null; latency: LatencySummary; recallAt10: number; ourSpeedup: number };
    bm25: { buildMs: number; latency: LatencySummary; sameTop10AsOurs: number; ourSpeedup: number };
  };
  grid: GridPoint[] | null;
}

export interface ScaleBenchResult {
  vectors: string;
  goal: number;
  hnsw: HnswSetting;
  defaultEf: number;
  sizes: ScaleSizeResult[];
}

export const VECTOR_DESCRIPTION =
  'synthetic, 384-d unit vectors with cluster structure: one centroid per real passage (topic), ' +
  'a direction per synthetic document around its topic, chunks around their document; ' +
  'queries are half near an existing document, half near a fresh document of a random topic';

/** Synthetic corpora of each size: build, memory, load, latency and recall for ours and the baselines. */
export async function runScaleBench(options: ScaleBenchOptions): Promise<ScaleBenchResult> {
  const {
    sizes,
    dims = 384,
    efValues = [10, 16, 24, 32, 48, 64, 96, 128, 192, 256],
    hnsw = { m: 16, efConstruction: 200 },
    defaultEf = 64,
    recallGoal = 0.97,
    log = () => {},
  } = options;
  const results: ScaleSizeResult[] = [];
  for (const size of sizes) {
    log(`scale ${size}: generating corpus and vectors`);
    results.push(await runOneSize(size, { ...options, dims, efValues, hnsw, defaultEf, recallGoal, log }));
  }
  return { vectors: VECTOR_DESCRIPTION.replace('384', String(dims)), goal: recallGoal, hnsw, defaultEf, sizes: results };
}

type Resolved = ScaleBenchOptions & Required<Pick<ScaleBenchOptions, 'dims' | 'efValues' | 'hnsw' | 'defaultEf' | 'recallGoal' | 'log'>>;

async function runOneSize(size: number, options: Resolved): Promise<ScaleSizeResult> {
  const {
    dims,
    efValues,
    hnsw,
    defaultEf,
    recallGoal,
    log,
    tokenizer,
    glossary,
    denseQueries = 200,
    questionCount = 200,
    budgetMs = 4000,
    baselineBudgetMs = 10_000,
    minSamples = 50,
    loadRuns = 3,
  } = options;
  const workDir = join(options.workDir, `scale-${size}`);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });

  const corpus = await timed(() => makeSyntheticCorpus(options.sources, { size, seed: size }));
  const chunks = corpus.value.chunks;
  const vectors = await timed(() => makeClusteredVectors(corpus.value, { dims, seed: size + 1 }));
  const queryVectors = vectors.value.queries(denseQueries, size + 2);
  const queries = Array.from({ length: queryVectors.count }, (_, row) => Array.from(vectorRow(queryVectors, row)));
  const questions = pickQuestions(options.questions, questionCount);
  const ids = chunks.map((chunk) => chunk.id);

  log(`scale ${size}: exact search (ground truth)`);
  const exact = new ExactCosineSearch(vectors.value);
  const exactIds = queries.map((query) => exact.search(query, 10).map(({ row }) => ids[row] as string));
  const exactLatency = summarize(await sampleLatencies(queries, (query) => exact.search(query, 10), { budgetMs }));

  log(`scale ${size}: lexical index`);
  const glossaryNames = new Set(glossaryChineseTerms(glossary));
  const lexicalRun = await buildLexicalScale(chunks, tokenizer, { workDir });
  const bridge = createQueryBridge({
    glossary,
    vocabulary: lexicalRun.index.vocabulary(),
    documentCount: size,
    ...(options.bridgeDictionary ? { dictionary: options.bridgeDictionary } : {}),
  });
  // Query terms come from the product's own query analysis (jieba for Chinese, the bridge for English);
  // the packed index answers the searches retrieve() makes on the way, which only saves time.
  const termsRetriever = createRetriever({ chunks, lexical: lexicalRun.index, tokenizer, bridge, glossaryNames, vectors: null });
  const queryTerms = [];
  for (const question of questions) queryTerms.push((await termsRetriever.retrieve(question)).terms);
  const lexical = compareLexicalRoundTrip(lexicalRun, queryTerms, minSamples);

  log(`scale ${size}: HNSW M=${hnsw.m} efConstruction=${hnsw.efConstruction}`);
  // The retriever embeds the question as it normalised it (simplified script), so both forms are keys.
  const questionVectors = new Map(
    questions.flatMap((question, index) => [question, toSimplified(question)].map((text) => [text, queries[index % queries.length] as number[]] as const)),
  );
  const embedder = new PrecomputedEmbedder({ documents: vectors.value, queries: questionVectors, dims });
  const dense = await measureHnswScale(chunks, embedder, queries, exactIds, {
    ...hnsw,
    efValues: [...new Set([...efValues, defaultEf])].sort((a, b) => a - b),
    workDir,
    dirName: indexFiles.dense,
    budgetMs,
  });
  const chosenPoint = chooseEf(dense.result.sweep, recallGoal);
  const defaultPoint = dense.result.sweep.find((point) => point.ef === defaultEf) as EfPoint;
  const speedup = (point: EfPoint) => exactLatency.p50 / point.latency.p50;

  log(`scale ${size}: server start in fresh processes (the former layout, today's parts in a row, loadIndex ×${loadRuns}, loadAnswerEngine ×${loadRuns})`);
  // workDir is now an index folder as ingest writes it (lexical.bin and dense/ are already there), plus lexical.json.
  const written = (file: string, text: string): number => {
    const bytes = Buffer.from(text);
    writeFileSync(join(workDir, file), bytes);
    return crc32(bytes);
  };
  const checksums: Manifest['crc32'] = {
    chunks: written(indexFiles.chunks, chunks.map((chunk) => JSON.stringify(chunk)).join('\n') + '\n'),
    // The folder is the corpus and the index at once: one glossary.json for both.
    glossary: written(indexFiles.glossary, JSON.stringify(glossary)),
    ...(options.bridgeDictionary ? { bridge: written(indexFiles.bridge, JSON.stringify(options.bridgeDictionary)) } : {}),
  };
  writeFileSync(
    join(workDir, indexFiles.manifest),
    JSON.stringify(syntheticManifest(chunks, { terms: lexical.terms, model: embedder.model, dims, checksums, ...hnsw })),
  );
  const probe = (layout: ProbeLayout, run = 1, sampleLatency = false) =>
    runProbe(
      {
        indexDir: workDir,
        corpusDir: workDir,
        layout,
        run,
        dims,
        model: embedder.model,
        sampleLatency,
        questions,
        queryVectors: Object.fromEntries(questionVectors),
        budgetMs,
        minSamples,
      },
      workDir,
    );
  const before = await probe('before');
  const steps = await probe('steps');
  const today: ProbeResult[] = [];
  const engine: ProbeResult[] = [];
  for (let run = 1; run <= loadRuns; run += 1) {
    today.push(await probe('today', run, run === 1));
    engine.push(await probe('engine', run));
  }
  const server = { before, steps, today, engine };
  const todayLatency = today[0]?.latency;
  if (!todayLatency) throw new Error('the first loadIndex probe measured no latency');

  let grid: GridPoint[] | null = null;
  if (options.grid && options.grid.size === size) {
    grid = [];
    for (const setting of options.grid.settings) {
      log(`scale ${size}: HNSW grid M=${setting.m} efConstruction=${setting.efConstruction}`);
      const point = await measureHnswScale(chunks, embedder, queries, exactIds, { ...setting, efValues: options.grid.efValues, workDir, budgetMs });
      grid.push({ ...setting, buildMs: point.result.buildMs, graphFileBytes: point.result.graphFileBytes, sweep: point.result.sweep });
    }
    embedder.rewind();
  }

  log(`scale ${size}: LangChain MemoryVectorStore`);
  const texts = chunks.map((chunk) => chunk.text);
  const memoryStore = await (async () => {
    const built = await measureBuild(() => buildMemoryVectorStore(vectors.value, ids, texts));
    const store = built.value;
    const found: string[][] = [];
    const latency = summarize(
      await sampleLatencies(queries, async (query) => found.push(await store.search(query, 10)), { warmup: 0, budgetMs: baselineBudgetMs }),
    );
    return {
      buildMs: built.ms,
      bytesPerChunk: perItem(built.memory.heapUsed + built.memory.external, size),
      latency,
      recallAt10: meanRecallAtK(found, exactIds.slice(0, found.length), 10),
    };
  })();

  log(`scale ${size}: LangChain BM25Retriever`);
  const bm25 = await (async () => {
    const built = await timed(() => buildBm25Retriever(lexicalRun.tokenTexts, ids, 10));
    const found: string[][] = [];
    const latency = summarize(
      await sampleLatencies(queryTerms, async (terms) => found.push(await built.value.search(terms.map(({ term }) => term).join(' '))), {
        warmup: 0,
        budgetMs: baselineBudgetMs,
      }),
    );
    const ours = queryTerms.slice(0, found.length).map((terms) => lexicalRun.index.search(terms, { topK: 10 }).map((hit) => hit.id));
    return { buildMs: built.ms, latency, sameTop10AsOurs: meanRecallAtK(found, ours, 10) };
  })();

  return {
    size,
    corpus: {
      chars: texts.reduce((sum, text) => sum + text.length, 0),
      sentencePool: corpus.value.sentencePool,
      generateMs: corpus.ms,
      vectorsMs: vectors.ms,
      dims,
      denseQueries: queries.length,
      questions: questions.length,
    },
    lexical,
    hnsw: dense.result,
    chosen: { ...chosenPoint, speedupVsExact: speedup(chosenPoint) },
    productDefault: { ...defaultPoint, speedupVsExact: speedup(defaultPoint) },
    exact: { latency: exactLatency, bytesPerChunk: exact.bytes / size },
    server,
    langchain: {
      memoryStore: { ...memoryStore, ourSpeedup: memoryStore.latency.p50 / chosenPoint.latency.p50 },
      bm25: { ...bm25, ourSpeedup: bm25.latency.p50 / todayLatency.lexicalSearch.p50 },
    },
    grid,
  };
}

/** `count` questions spread over the list (it is grouped by language), so every language is in. */
function pickQuestions(questions: readonly string[], count: number): string[] {
  if (questions.length <= count) return [...questions];
  const step = questions.length / count;
  return Array.from({ length: count }, (_, index) => questions[Math.floor(index * step)] as string);
}

/** A manifest for the synthetic index folder, so loadIndex and loadAnswerEngine read it as they read index/. */
function syntheticManifest(
  chunks: Chunk[],
  { terms, model, dims, checksums, m, efConstruction }: { terms: number; model: string; dims: number; checksums: Manifest['crc32'] } & HnswSetting,
): Manifest {
  return {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    corpusHash: 'synthetic',
    chunkerVersion: CHUNKER_VERSION,
    chunkCount: chunks.length,
    builtAt: new Date().toISOString(),
    documents: [],
    lexical: { tokenizer: '@node-rs/jieba search mode + glossary user words', k1: 1.2, b: 0.75, terms },
    dense: { model, dims, space: 'cosine', m, efConstruction },
    // As ingest writes it (its cost is ingest's, not the server start's).
    yearsWritten: yearsWrittenInAll(chunks),
    crc32: checksums,
  };
}
