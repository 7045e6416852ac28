import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config.ts';
import { loadAnswerEngine } from '../engine/load-answer-engine.ts';
import { indexFiles } from '../index-store/index-files.ts';
import { readChunks } from '../index-store/read-chunks.ts';
import { createQueryBridge, type BridgeDictionary } from '../retrieval/bridge-query.ts';
import { LexicalIndex } from '../retrieval/lexical-index.ts';
import { loadIndex } from '../engine/load-index.ts';
import { createRetriever } from '../retrieval/retriever.ts';
import { VectorIndex } from '../retrieval/vector-index.ts';
import { glossaryChineseTerms, loadGlossary } from '../text/glossary.ts';
import { createTokenizer } from '../text/tokenize.ts';
import { legacyLoadDense, legacyLoadLexical, legacyReadChunks } from './legacy-index-load.ts';
import { memoryDelta, memorySnapshot, sampleLatencies, timed, type MemorySnapshot } from './measure.ts';
import { summarize, type LatencySummary } from './percentiles.ts';
import { PrecomputedEmbedder } from './precomputed-embedder.ts';

/**
 * How a probe loads the index:
 *  - `before`: as the server did before lexical.bin (chunks.jsonl through V8's UTF-8 decoder,
 *    lexical.json, LangChain's HNSWLib.load with its docstore.json), one part after another;
 *  - `steps`: today's parts (readChunks, LexicalIndex.load, VectorIndex.load, jieba, bridge), one after another;
 *  - `today`: loadIndex, as the server runs it (files read on the thread pool while jieba loads);
 *  - `engine`: the whole loadAnswerEngine (loadIndex, then the retriever and the engine's corpus tables).
 */
export type ProbeLayout = 'before' | 'steps' | 'today' | 'engine';

/** What the parent writes for a probe: an index folder saved by the scale benchmark and the queries to time. */
export interface ProbeRequest {
  /** A complete index folder (manifest.json, chunks.jsonl, lexical.bin, bridge.json, dense/), plus lexical.json for `before`. */
  indexDir: string;
  /** The folder with glossary.json (the engine reads it from the corpus folder). */
  corpusDir: string;
  layout: ProbeLayout;
  /** Which run of this layout (names the request file). */
  run: number;
  dims: number;
  /** The embedding model the manifest names. */
  model: string;
  /** `today` only: time lexical search and fused retrieval once loaded. */
  sampleLatency: boolean;
  questions: string[];
  /** Question (as typed and as normalised) → query vector. */
  queryVectors: Record<string, number[]>;
  budgetMs: number;
  minSamples: number;
}

/** Milliseconds per part of the load. */
export interface LoadSteps {
  chunksMs: number;
  lexicalMs: number;
  /** `before`/`steps`: loading the HNSW folder; `today`: waiting for it after everything else was loaded. */
  denseMs: number;
  /** Glossary + jieba's dictionary. */
  tokenizerMs: number;
  /** bridge.json, vocabulary, bridge tables (warmed up). */
  bridgeMs: number;
}

export interface ProbeResult {
  layout: ProbeLayout;
  /** Wall time of the whole load in a fresh process. */
  totalMs: number;
  /** Per part (null for `engine`, which is one call). */
  steps: LoadSteps | null;
  /** Process memory once loaded (after full GCs), and per part when the parts ran one after another. */
  memory: { after: MemorySnapshot; total: MemorySnapshot; parts: { chunks: MemorySnapshot; lexical: MemorySnapshot; dense: MemorySnapshot } | null };
  latency: { lexicalSearch: LatencySummary; fused: LatencySummary } | null;
}

/** chunks.jsonl + lexical + HNSW: the measure the 2 s target was first stated in. */
export const indexFilesMs = (steps: LoadSteps): number => steps.chunksMs + steps.lexicalMs + steps.denseMs;

/**
 * Runs in a fresh process (see runProbe): loads a saved index as `layout` says, then (when asked) times
 * lexical search and fused retrieve(). A fresh process holds only what a server holds, so load times,
 * memory and GC pauses are the server's, not those of a benchmark process that has built several indexes.
 */
export async function probeServerStart(request: ProbeRequest): Promise<ProbeResult> {
  const { indexDir, corpusDir, layout, dims, model } = request;
  const embedder = new PrecomputedEmbedder({ dims, model, queries: new Map(Object.entries(request.queryVectors)) });
  const config = loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDING_MODEL: model, LOG_LEVEL: 'silent', ALLOW_MODEL_DOWNLOAD: 'false' });
  const start = memorySnapshot();

  if (layout === 'engine') {
    const engine = await timed(() => loadAnswerEngine({ config, embedder }));
    if (engine.value.health().mode.retrieval !== 'hybrid') throw new Error(`engine probe: dense did not load (${engine.value.health().denseReason ?? ''})`);
    const after = memorySnapshot();
    return { layout, totalMs: engine.ms, steps: null, memory: { after, total: memoryDelta(after, start), parts: null }, latency: null };
  }

  if (layout === 'today') {
    const loaded = await timed(() => loadIndex({ config, embedder }));
    const after = memorySnapshot();
    const { timings, vectors } = loaded.value;
    if (vectors === null) throw new Error(`today probe: dense did not load (${loaded.value.denseReason ?? ''})`);
    const steps = {
      chunksMs: timings.chunksMs,
      lexicalMs: timings.lexicalMs,
      denseMs: timings.denseWaitMs,
      tokenizerMs: timings.tokenizerMs,
      bridgeMs: timings.bridgeMs,
    };
    const latency = request.sampleLatency ? await sampleLatency(request, loaded.value) : null;
    return { layout, totalMs: loaded.ms, steps, memory: { after, total: memoryDelta(after, start), parts: null }, latency };
  }

  // One part after another, a full GC between parts to see what each holds.
  const chunks = await timed(() => (layout === 'before' ? legacyReadChunks(join(indexDir, indexFiles.chunks)) : readChunks(join(indexDir, indexFiles.chunks))));
  const afterChunks = memorySnapshot();
  const lexical = await timed(() =>
    layout === 'before' ? legacyLoadLexical(join(indexDir, 'lexical.json')) : { index: LexicalIndex.load(join(indexDir, indexFiles.lexical)) },
  );
  const afterLexical = memorySnapshot();
  const dense = await timed(async () => {
    const dir = join(indexDir, indexFiles.dense);
    if (layout === 'before') return (await legacyLoadDense(dir, embedder)).index.getCurrentCount();
    return (
      await VectorIndex.load(
        dir,
        embedder,
        chunks.value.map((chunk) => chunk.id),
      )
    ).size;
  });
  const afterDense = memorySnapshot();
  const tokenizer = await timed(() => {
    const glossary = loadGlossary(join(corpusDir, 'glossary.json'));
    return { glossary, tokenizer: createTokenizer({ userWords: glossaryChineseTerms(glossary) }) };
  });
  const bridge = await timed(() => {
    const bridgeFile = join(indexDir, indexFiles.bridge);
    const dictionary = existsSync(bridgeFile) ? (JSON.parse(readFileSync(bridgeFile, 'utf8')) as BridgeDictionary) : undefined;
    const made = createQueryBridge({
      glossary: tokenizer.value.glossary,
      vocabulary: lexical.value.index.vocabulary(),
      documentCount: chunks.value.length,
      ...(dictionary ? { dictionary } : {}),
    });
    made.bridge('warm up the output value of biomedicine');
    return made;
  });
  // Sums the timed parts only: the GCs between them are the probe's, not the load's.
  const steps = { chunksMs: chunks.ms, lexicalMs: lexical.ms, denseMs: dense.ms, tokenizerMs: tokenizer.ms, bridgeMs: bridge.ms };
  const totalMs = Object.values(steps).reduce((sum, value) => sum + value, 0);
  const after = memorySnapshot();
  return {
    layout,
    totalMs,
    steps,
    memory: {
      after,
      total: memoryDelta(after, start),
      parts: { chunks: memoryDelta(afterChunks, start), lexical: memoryDelta(afterLexical, afterChunks), dense: memoryDelta(afterDense, afterLexical) },
    },
    latency: null,
  };
}

async function sampleLatency(request: ProbeRequest, loaded: Awaited<ReturnType<typeof loadIndex>>): Promise<NonNullable<ProbeResult['latency']>> {
  const { chunks, lexical, tokenizer, bridge, glossary, vectors } = loaded;
  const glossaryNames = new Set(glossaryChineseTerms(glossary));
  const lexicalOnly = createRetriever({ chunks, lexical, tokenizer, bridge, glossaryNames, vectors: null });
  const terms = [];
  for (const question of request.questions.slice(0, Math.max(request.minSamples, 10) + 10)) terms.push((await lexicalOnly.retrieve(question)).terms);
  const sampling = { budgetMs: request.budgetMs, minSamples: request.minSamples };
  const lexicalSearch = summarize(await sampleLatencies(terms, (queryTerms) => lexical.search(queryTerms, { topK: 30 }), sampling));
  const fusedRetriever = createRetriever({ chunks, lexical, tokenizer, bridge, glossaryNames, vectors });
  const fused = summarize(await sampleLatencies(request.questions, (question) => fusedRetriever.retrieve(question), sampling));
  return { lexicalSearch, fused };
}

// Child-process entry: `node --import tsx probe-server-start.ts <request.json>` prints the result as JSON.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: probe-server-start.ts <request.json>');
  probeServerStart(JSON.parse(readFileSync(file, 'utf8')) as ProbeRequest)
    .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
    });
}
