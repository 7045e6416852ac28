import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTinyModel } from '../../tests/fixtures/make-tiny-model.ts';
import { loadConfig } from '../config.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { loadEmbedder } from '../embedding/load-embedder.ts';
import { loadDataset, type EvalItem } from '../eval/dataset.ts';
import { evidenceRank, hitAtK } from '../eval/metrics.ts';
import { loadAnswerEngine } from '../engine/load-answer-engine.ts';
import { buildIndex, type BuildSummary } from '../ingest/build-index.ts';
import type { Chunk } from '../index-store/chunk.ts';
import { indexFiles } from '../index-store/index-files.ts';
import { readChunks } from '../index-store/read-chunks.ts';
import { createQueryBridge, type BridgeDictionary } from '../retrieval/bridge-query.ts';
import { LexicalIndex } from '../retrieval/lexical-index.ts';
import { createRetriever, type Retriever, type RetrieverParts } from '../retrieval/retriever.ts';
import { passageText, VectorIndex } from '../retrieval/vector-index.ts';
import { glossaryChineseTerms, loadGlossary } from '../text/glossary.ts';
import { createTokenizer } from '../text/tokenize.ts';
import { buildBm25Retriever, buildMemoryVectorStore } from './baselines.ts';
import { fileSizes } from './directory-size.ts';
import { ExactCosineSearch } from './exact-search.ts';
import { runLoadTest, type LoadTestResult } from './load-test.ts';
import { sampleLatencies, timed } from './measure.ts';
import { summarize, type LatencySummary } from './percentiles.ts';
import { PrecomputedEmbedder } from './precomputed-embedder.ts';
import { meanRecallAtK } from './recall.ts';
import { normalize, type VectorSet } from './synthetic-vectors.ts';

export interface RealCorpusOptions {
  corpusDir: string;
  questionsFile: string;
  workDir: string;
  /** Width of the generated fixture model (384, like multilingual-e5-small). */
  dims?: number;
  budgetMs?: number;
  loadTest?: { durationSeconds: number; connections: number; warmupSeconds: number; engines: ReadonlyArray<'lexical' | 'hybrid'> } | null;
  log?: (line: string) => void;
}

export interface IngestFigures {
  seconds: BuildSummary['seconds'];
  chunks: number;
  files: Record<string, number>;
  totalBytes: number;
}

export interface QualityRow {
  name: string;
  /** Share of answerable questions with a gold evidence passage in the top 10. */
  evidenceHitAt10: number;
  latency: LatencySummary;
}

export interface RealCorpusResult {
  chunks: number;
  questions: { total: number; answerable: number; byLanguage: Record<string, number> };
  model: { id: string; dims: number; makeMs: number; note: string };
  ingest: { lexical: IngestFigures; dense: IngestFigures };
  load: { lexicalEngineMs: number; hybridEngineMs: number; lexicalIndexMs: number; vectorIndexMs: number; modelMs: number };
  retrieval: {
    lexical: LatencySummary;
    queryEmbedding: LatencySummary;
    denseSearch: LatencySummary;
    fused: LatencySummary;
    fusedExcludingEmbedding: LatencySummary;
  };
  answer: {
    /** First answer after the engine loaded (pays for lazy work, JIT). */
    firstMs: number;
    extractiveLexical: LatencySummary;
    extractiveLexicalByLanguage: Record<string, LatencySummary>;
    extractiveHybrid: LatencySummary;
  };
  quality: QualityRow[];
  /** recall@10 of the HNSW index against exact search over the same fixture-model vectors. */
  hnswRecallAt10: number;
  loadTests: Array<LoadTestResult & { engine: 'lexical' | 'hybrid' }>;
}

/** Everything measured on the project's own corpus and evaluation questions. */
export async function runRealCorpusBench(
  options: RealCorpusOptions,
): Promise<{ result: RealCorpusResult; bridgeDictionary: BridgeDictionary | undefined; chunks: Chunk[] }> {
  const {
    corpusDir,
    questionsFile,
    workDir,
    dims = 384,
    budgetMs = 8000,
    loadTest = { durationSeconds: 10, connections: 50, warmupSeconds: 2, engines: ['lexical', 'hybrid'] },
    log = () => {},
  } = options;
  mkdirSync(workDir, { recursive: true });
  const items = loadDataset(questionsFile);
  const questions = items.map((item) => item.question);

  log('real corpus: fixture model');
  const model = await timed(() => makeTinyModel(join(workDir, 'models'), { dims, name: `tiny-bert-${dims}`, corpusDir }));
  const tiny = model.value;
  const cacheDir = join(workDir, 'model-cache');
  const embeddingOptions = { model: tiny.modelId, cacheDir, localModelPath: tiny.localModelPath, allowRemote: false };

  log('real corpus: ingest (lexical, then dense with the fixture model)');
  const lexicalDir = join(workDir, 'index-lexical');
  const denseDir = join(workDir, 'index-dense');
  const ingestLexical = await buildIndex({ corpusDir, indexDir: lexicalDir, force: true, embedding: { ...embeddingOptions, enabled: false } });
  const ingestDense = await buildIndex({ corpusDir, indexDir: denseDir, force: true, embedding: embeddingOptions });
  if (ingestDense.manifest.dense === null) throw new Error(`the fixture model did not load: ${ingestDense.manifest.denseReason ?? 'no reason given'}`);

  log('real corpus: load engines');
  const baseEnvironment = { CORPUS_DIR: corpusDir, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'silent', FEEDBACK_FILE: join(workDir, 'feedback.jsonl') };
  const lexicalConfig = loadConfig({ ...baseEnvironment, INDEX_DIR: lexicalDir, EMBEDDING_MODEL: 'none' });
  const hybridConfig = loadConfig({
    ...baseEnvironment,
    INDEX_DIR: denseDir,
    EMBEDDING_MODEL: tiny.modelId,
    MODEL_CACHE_DIR: cacheDir,
    MODEL_LOCAL_DIR: tiny.localModelPath,
    ALLOW_MODEL_DOWNLOAD: 'false',
  });
  const lexicalEngine = await timed(() => loadAnswerEngine({ config: lexicalConfig }));
  const hybridEngine = await timed(() => loadAnswerEngine({ config: hybridConfig }));
  if (hybridEngine.value.health().mode.retrieval !== 'hybrid')
    throw new Error(`the hybrid engine runs ${hybridEngine.value.health().mode.retrieval}: ${hybridEngine.value.health().denseReason ?? ''}`);
  const firstAnswer = await timed(() => lexicalEngine.value.answer({ question: questions[0] ?? '园区' }));

  // The retriever pieces, loaded the way loadAnswerEngine loads them, to time retrieval on its own.
  const parts = loadRetrieverParts(denseDir, corpusDir);
  const loadedModel = await timed(() => loadEmbedder(embeddingOptions));
  const embedder = loadedModel.value.embedder;
  if (embedder === null) throw new Error(`fixture model: ${'reason' in loadedModel.value ? loadedModel.value.reason : ''}`);
  const vectorLoad = await timed(() =>
    VectorIndex.load(
      join(denseDir, indexFiles.dense),
      embedder,
      parts.parts.chunks.map((chunk) => chunk.id),
    ),
  );
  const vectorIndex = vectorLoad.value;
  const lexicalRetriever = createRetriever({ ...parts.parts, vectors: null });
  // The retriever embeds the question as it normalised it: those texts are the cache's keys.
  const queryVectors = new Map<string, number[]>();
  for (const question of questions) {
    const retrievalText = (await lexicalRetriever.retrieve(question)).normalizedQuestion;
    queryVectors.set(retrievalText, await embedder.embedQuery(retrievalText));
  }
  const cached = new PrecomputedEmbedder({ queries: queryVectors, dims: embedder.dims, model: embedder.model });
  const fusedRetriever = createRetriever({ ...parts.parts, vectors: { index: vectorIndex, embedder } });
  const cachedRetriever = createRetriever({ ...parts.parts, vectors: { index: vectorIndex, embedder: cached } });
  const vectorList = [...queryVectors.values()];

  log('real corpus: retrieval latency');
  const sample = (inputs: readonly string[], run: (input: string) => unknown) => sampleLatencies(inputs, run, { budgetMs }).then(summarize);
  const retrieval = {
    lexical: await sample(questions, (question) => lexicalRetriever.retrieve(question)),
    queryEmbedding: await sample(questions, (question) => embedder.embedQuery(question)),
    denseSearch: summarize(await sampleLatencies(vectorList, (vector) => vectorIndex.search(vector, { topK: 30 }), { budgetMs })),
    fused: await sample(questions, (question) => fusedRetriever.retrieve(question)),
    fusedExcludingEmbedding: await sample(questions, (question) => cachedRetriever.retrieve(question)),
  };

  log('real corpus: answer latency');
  const answerLatencies = await sampleLatencies(items, (item) => lexicalEngine.value.answer({ question: item.question }), { budgetMs: budgetMs * 2 });
  const byLanguage: Record<string, LatencySummary> = {};
  for (const language of new Set(items.map((item) => item.lang))) {
    const samples = answerLatencies.filter((_, index) => items[index]?.lang === language);
    if (samples.length > 0) byLanguage[language] = summarize(samples);
  }
  const answer = {
    firstMs: firstAnswer.ms,
    extractiveLexical: summarize(answerLatencies),
    extractiveLexicalByLanguage: byLanguage,
    extractiveHybrid: await sample(questions, (question) => hybridEngine.value.answer({ question })),
  };

  log('real corpus: retrieval quality against the baselines');
  const quality = await measureQuality(items, parts, { lexicalRetriever, cachedRetriever, vectorIndex, embedder, queryVectors, budgetMs });

  const loadTests: RealCorpusResult['loadTests'] = [];
  if (loadTest !== null) {
    const { engines, ...settings } = loadTest;
    for (const engine of engines) {
      log(
        `real corpus: load test (${engine} engine, ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s, ${settings.connections} connections)`,
      );
      const [loaded, config] = engine === 'lexical' ? [lexicalEngine.value, lexicalConfig] : [hybridEngine.value, hybridConfig];
      loadTests.push({ engine, ...(await runLoadTest({ engine: loaded, config, questions, ...settings })) });
    }
  }

  const byLanguageCount: Record<string, number> = {};
  for (const item of items) byLanguageCount[item.lang] = (byLanguageCount[item.lang] ?? 0) + 1;
  return {
    result: {
      chunks: parts.parts.chunks.length,
      questions: { total: items.length, answerable: items.filter((item) => item.answerable).length, byLanguage: byLanguageCount },
      model: {
        id: tiny.modelId,
        dims: tiny.dims,
        makeMs: model.ms,
        note:
          'generated by tests/fixtures/make-tiny-model.ts (embedding lookup + mean pooling through the real transformers.js path); ' +
          'fast and not semantic: its quality figures test the plumbing, not dense retrieval',
      },
      ingest: { lexical: ingestFigures(ingestLexical, lexicalDir), dense: ingestFigures(ingestDense, denseDir) },
      load: {
        lexicalEngineMs: lexicalEngine.ms,
        hybridEngineMs: hybridEngine.ms,
        lexicalIndexMs: parts.lexicalMs,
        vectorIndexMs: vectorLoad.ms,
        modelMs: loadedModel.ms,
      },
      retrieval,
      answer,
      quality: quality.rows,
      hnswRecallAt10: quality.hnswRecallAt10,
      loadTests,
    },
    bridgeDictionary: parts.dictionary,
    chunks: parts.parts.chunks,
  };
}

function ingestFigures(summary: BuildSummary, dir: string): IngestFigures {
  const files = fileSizes(dir);
  return { seconds: summary.seconds, chunks: summary.manifest.chunkCount, files, totalBytes: Object.values(files).reduce((sum, bytes) => sum + bytes, 0) };
}

function loadRetrieverParts(
  indexDir: string,
  corpusDir: string,
): { parts: Omit<RetrieverParts, 'vectors'>; dictionary: BridgeDictionary | undefined; lexicalMs: number } {
  const chunks = readChunks(join(indexDir, indexFiles.chunks));
  const started = performance.now();
  const lexical = LexicalIndex.load(join(indexDir, indexFiles.lexical));
  const lexicalMs = performance.now() - started;
  const glossaryPath = join(corpusDir, 'glossary.json');
  const glossary = existsSync(glossaryPath) ? loadGlossary(glossaryPath) : [];
  const tokenizer = createTokenizer({ userWords: glossaryChineseTerms(glossary) });
  const bridgePath = join(indexDir, indexFiles.bridge);
  const dictionary = existsSync(bridgePath) ? (JSON.parse(readFileSync(bridgePath, 'utf8')) as BridgeDictionary) : undefined;
  const bridge = createQueryBridge({
    glossary,
    vocabulary: lexical.vocabulary(),
    documentCount: chunks.length,
    ...(dictionary !== undefined ? { dictionary } : {}),
  });
  return { parts: { chunks, lexical, tokenizer, bridge, glossaryNames: new Set(glossaryChineseTerms(glossary)) }, dictionary, lexicalMs };
}

async function measureQuality(
  items: EvalItem[],
  loaded: ReturnType<typeof loadRetrieverParts>,
  context: {
    lexicalRetriever: Retriever;
    cachedRetriever: Retriever;
    vectorIndex: VectorIndex;
    embedder: Embedder;
    queryVectors: Map<string, number[]>;
    budgetMs: number;
  },
): Promise<{ rows: QualityRow[]; hnswRecallAt10: number }> {
  const { chunks, tokenizer } = loaded.parts;
  const answerable = items.filter((item) => item.answerable && item.evidence.length > 0);
  const byId = new Map(chunks.map((chunk) => [chunk.id, chunk]));
  const passagesOf = (ids: readonly string[]) =>
    ids.flatMap((id) => {
      const chunk = byId.get(id);
      return chunk === undefined ? [] : [chunk];
    });
  const hitRate = (found: string[][]) =>
    found.filter((ids, index) => hitAtK(evidenceRank(passagesOf(ids), answerable[index]?.evidence ?? []), 10)).length / Math.max(1, found.length);

  // Each query's vector: the one the fused retriever used (its normalised question).
  const vectorFor = async (item: EvalItem) => {
    const normalized = (await context.lexicalRetriever.retrieve(item.question)).normalizedQuestion;
    return context.queryVectors.get(normalized) ?? (await context.embedder.embedQuery(normalized));
  };
  const vectors: number[][] = [];
  const termQueries: string[] = [];
  for (const item of answerable) {
    vectors.push(await vectorFor(item));
    termQueries.push((await context.lexicalRetriever.retrieve(item.question)).terms.map(({ term }) => term).join(' '));
  }
  const passageVectors = await context.embedder.embedDocuments(chunks.map(passageText));
  const set: VectorSet = { dims: context.embedder.dims, count: chunks.length, data: new Float32Array(chunks.length * context.embedder.dims) };
  passageVectors.forEach((vector, row) => set.data.set(normalize(Float32Array.from(vector)), row * set.dims));
  const exact = new ExactCosineSearch(set);
  const ids = chunks.map((chunk) => chunk.id);
  const memoryStore = await buildMemoryVectorStore(
    set,
    ids,
    chunks.map((chunk) => chunk.text),
  );
  const bm25Raw = buildBm25Retriever(chunks.map(passageText), ids, 10);
  const bm25Tokens = buildBm25Retriever(
    chunks.map((chunk) => tokenizer.tokenize(`${chunk.section.join(' ')} ${chunk.title} ${chunk.text}`).join(' ')),
    ids,
    10,
  );

  const indexes = answerable.map((_, index) => index);
  const row = async (name: string, search: (index: number) => Promise<string[]> | string[]): Promise<QualityRow> => {
    const found: string[][] = [];
    for (const index of indexes) found.push(await search(index));
    const latency = summarize(await sampleLatencies(indexes, search, { budgetMs: context.budgetMs }));
    return { name, evidenceHitAt10: hitRate(found), latency };
  };
  const question = (index: number) => answerable[index]?.question ?? '';
  const vector = (index: number) => vectors[index] ?? [];
  const rows = [
    await row('ours: lexical (BM25 over jieba, English bridged)', async (index) =>
      (await context.lexicalRetriever.retrieve(question(index), { topK: 10 })).hits.map((hit) => hit.chunk.id),
    ),
    await row('ours: fused lexical + HNSW (fixture model; query vector cached)', async (index) =>
      (await context.cachedRetriever.retrieve(question(index), { topK: 10 })).hits.map((hit) => hit.chunk.id),
    ),
    await row('ours: HNSW alone (fixture model)', async (index) => (await context.vectorIndex.search(vector(index), { topK: 10 })).map((hit) => hit.id)),
    await row('exact cosine, Float32Array (fixture model)', (index) => exact.search(vector(index), 10).map(({ row: found }) => ids[found] as string)),
    await row('LangChain MemoryVectorStore (fixture model)', (index) => memoryStore.search(vector(index), 10)),
    await row('LangChain BM25Retriever, raw text (whitespace split)', (index) => bm25Raw.search(question(index))),
    await row('LangChain BM25Retriever, jieba tokens joined by spaces', (index) => bm25Tokens.search(termQueries[index] ?? '')),
  ];
  const hnswFound: string[][] = [];
  const exactFound: string[][] = [];
  for (const index of indexes) {
    hnswFound.push((await context.vectorIndex.search(vector(index), { topK: 10 })).map((hit) => hit.id));
    exactFound.push(exact.search(vector(index), 10).map(({ row: found }) => ids[found] as string));
  }
  return { rows, hnswRecallAt10: meanRecallAtK(hnswFound, exactFound, 10) };
}
