import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import hnswlib from 'hnswlib-node';
import type { Chunk } from '../ingest/chunk.ts';
import { createQueryBridge, type BridgeDictionary } from '../retrieval/bridge-query.ts';
import { LexicalIndex, type LexicalIndexData } from '../retrieval/lexical-index.ts';
import { createRetriever } from '../retrieval/retriever.ts';
import { VectorIndex } from '../retrieval/vector-index.ts';
import { glossaryChineseTerms, loadGlossary } from '../text/glossary.ts';
import { createTokenizer } from '../text/tokenize.ts';
import { PackedLexicalIndex } from './candidates/packed-lexical-index.ts';
import { memoryDelta, memorySnapshot, sampleLatencies, timed, type MemorySnapshot } from './measure.ts';
import { summarize, type LatencySummary } from './percentiles.ts';
import { PrecomputedEmbedder } from './precomputed-embedder.ts';

/** What the parent writes for a probe: an index folder saved by the scale benchmark and the queries to time. */
export interface ProbeRequest {
  /** Holds chunks.jsonl, lexical.json and lexical.bin. */
  dir: string;
  /** The saved HNSWLib folder. */
  denseDir: string;
  /** `json`: today's lexical.json; `packed`: the proposed lexical.bin. */
  layout: 'json' | 'packed';
  dims: number;
  glossaryFile: string;
  bridgeFile: string | null;
  questions: string[];
  /** Question (as typed and as normalised) → query vector. */
  queryVectors: Record<string, number[]>;
  budgetMs: number;
  minSamples: number;
}

export interface ProbeResult {
  layout: 'json' | 'packed';
  load: { chunksMs: number; lexicalMs: number; denseMs: number; totalMs: number; graphOnlyMs: number };
  /** Process memory once everything is loaded, and what each part added (fresh process, after full GCs). */
  memory: { after: MemorySnapshot; chunks: MemorySnapshot; lexical: MemorySnapshot; dense: MemorySnapshot };
  lexicalSearch: LatencySummary;
  fused: LatencySummary;
}

/**
 * Runs in a fresh process (see runProbe): loads a saved index the way the server starts — chunks,
 * lexical index, HNSW folder — then times lexical search and fused retrieve(). A fresh process holds
 * only what a server holds, so load times, memory and GC pauses are the server's, not those of a
 * benchmark process that has built several indexes.
 */
export async function probeServerStart(request: ProbeRequest): Promise<ProbeResult> {
  const { dir, layout, dims } = request;
  const glossary = loadGlossary(request.glossaryFile);
  const tokenizer = createTokenizer({ userWords: glossaryChineseTerms(glossary) });
  const dictionary = request.bridgeFile === null ? undefined : (JSON.parse(readFileSync(request.bridgeFile, 'utf8')) as BridgeDictionary);
  const start = memorySnapshot();
  const chunks = await timed(() =>
    readFileSync(join(dir, 'chunks.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Chunk),
  );
  const afterChunks = memorySnapshot();
  const lexical = await timed(() => (layout === 'json' ? LexicalIndex.fromData(JSON.parse(readFileSync(join(dir, 'lexical.json'), 'utf8')) as LexicalIndexData) : PackedLexicalIndex.load(join(dir, 'lexical.bin'))));
  const afterLexical = memorySnapshot();
  const embedder = new PrecomputedEmbedder({ dims, queries: new Map(Object.entries(request.queryVectors)) });
  const dense = await timed(() => VectorIndex.load(request.denseDir, embedder));
  const afterDense = memorySnapshot();
  const graphOnly = await timed(async () => {
    const graph = new hnswlib.HierarchicalNSW('cosine', dims);
    await graph.readIndex(join(request.denseDir, 'hnswlib.index'));
    return graph.getCurrentCount();
  });

  // The packed candidate has LexicalIndex's search() and vocabulary(); the cast only gets past the class's private fields.
  const index = lexical.value as LexicalIndex;
  const bridge = createQueryBridge({ glossary, vocabulary: index.vocabulary(), documentCount: chunks.value.length, ...(dictionary ? { dictionary } : {}) });
  const glossaryNames = new Set(glossaryChineseTerms(glossary));
  const lexicalOnly = createRetriever({ chunks: chunks.value, lexical: index, tokenizer, bridge, glossaryNames, vectors: null });
  const terms = [];
  for (const question of request.questions.slice(0, Math.max(request.minSamples, 10) + 10)) terms.push((await lexicalOnly.retrieve(question)).terms);
  const sampling = { budgetMs: request.budgetMs, minSamples: request.minSamples };
  const lexicalSearch = summarize(await sampleLatencies(terms, (queryTerms) => index.search(queryTerms, { topK: 30 }), sampling));
  const fusedRetriever = createRetriever({ chunks: chunks.value, lexical: index, tokenizer, bridge, glossaryNames, vectors: { index: dense.value, embedder } });
  const fused = summarize(await sampleLatencies(request.questions, (question) => fusedRetriever.retrieve(question), sampling));
  return {
    layout,
    load: { chunksMs: chunks.ms, lexicalMs: lexical.ms, denseMs: dense.ms, totalMs: chunks.ms + lexical.ms + dense.ms, graphOnlyMs: graphOnly.ms },
    memory: { after: afterDense, chunks: memoryDelta(afterChunks, start), lexical: memoryDelta(afterLexical, afterChunks), dense: memoryDelta(afterDense, afterLexical) },
    lexicalSearch,
    fused,
  };
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
