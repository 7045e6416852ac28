import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Chunk } from '../ingest/chunk.ts';
import { LexicalIndex, type LexicalIndexData, type WeightedTerm } from '../retrieval/lexical-index.ts';
import type { Tokenizer } from '../text/tokenize.ts';
import { PackedLexicalIndex } from './candidates/packed-lexical-index.ts';
import { collectGarbage, memoryDelta, memorySnapshot, sampleLatencies, timed } from './measure.ts';
import { summarize, type LatencySummary } from './percentiles.ts';
import { meanRecallAtK } from './recall.ts';

export interface LexicalBuildResult {
  buildMs: number;
  /** Heap held by the index as loaded from JSON (what the server keeps), per chunk. */
  heapBytesPerChunk: number;
  fileBytes: number;
  saveMs: number;
  loadMs: number;
  terms: number;
  postings: number;
  /** The proposed packed layout (src/bench/candidates/packed-lexical-index.ts). */
  packed: { convertMs: number; fileBytes: number; saveMs: number; loadMs: number; bytesPerChunk: number };
}

export interface LexicalScaleResult extends LexicalBuildResult {
  /** search() alone at depth 30 (what the retriever asks for), on terms computed beforehand. */
  search: LatencySummary;
  packedSearch: LatencySummary;
  /** recall@10 of the packed layout's hits against the current index's: 1 = the same results. */
  packedSameTop10: number;
}

export interface LexicalBuildOutput {
  result: LexicalBuildResult;
  index: LexicalIndex;
  packed: PackedLexicalIndex;
  /** Each chunk's tokens joined by spaces (what LangChain's BM25Retriever needs for Chinese). */
  tokenTexts: string[];
}

/**
 * Builds the product's lexical index over `chunks`, saves it and loads it back as the server does,
 * then converts it to the packed candidate layout and saves and loads that too.
 */
export async function buildLexicalScale(chunks: Chunk[], tokenizer: Tokenizer, { workDir }: { workDir: string }): Promise<LexicalBuildOutput> {
  const tokenTexts: string[] = [];
  // Keeps each chunk's tokens for the BM25Retriever baseline, so the corpus is segmented only once.
  const recording: Tokenizer = {
    ...tokenizer,
    tokenize(text) {
      const tokens = tokenizer.tokenize(text);
      tokenTexts.push(tokens.join(' '));
      return tokens;
    },
  };
  const file = join(workDir, 'lexical.json');
  // In its own scope, so the built index is garbage before the reloaded one is measured.
  const { buildMs, saveMs, terms, postings } = await (async () => {
    const built = await timed(() => LexicalIndex.build(chunks, recording));
    const data = built.value.toData();
    const save = await timed(() => writeFileSync(file, JSON.stringify(data)));
    return { buildMs: built.ms, saveMs: save.ms, terms: Object.keys(data.postings).length, postings: Object.values(data.postings).reduce((sum, list) => sum + list.length / 2, 0) };
  })();
  const beforeLoad = memorySnapshot();
  const load = await timed(() => LexicalIndex.fromData(JSON.parse(readFileSync(file, 'utf8')) as LexicalIndexData));
  const index = load.value;
  const loadedMemory = memoryDelta(memorySnapshot(), beforeLoad);

  const packedFile = join(workDir, 'lexical.bin');
  const { convertMs, packedSave } = await (async () => {
    const convert = await timed(() => PackedLexicalIndex.fromData(index.toData()));
    return { convertMs: convert.ms, packedSave: await timed(() => convert.value.save(packedFile)) };
  })();
  collectGarbage();
  const beforePacked = memorySnapshot();
  const packedLoad = await timed(() => PackedLexicalIndex.load(packedFile));
  const packedMemory = memoryDelta(memorySnapshot(), beforePacked);

  return {
    result: {
      buildMs,
      heapBytesPerChunk: (loadedMemory.heapUsed + loadedMemory.external) / chunks.length,
      fileBytes: statSync(file).size,
      saveMs,
      loadMs: load.ms,
      terms,
      postings,
      packed: { convertMs, fileBytes: packedSave.value, saveMs: packedSave.ms, loadMs: packedLoad.ms, bytesPerChunk: (packedMemory.heapUsed + packedMemory.external) / chunks.length },
    },
    index,
    packed: packedLoad.value,
    tokenTexts,
  };
}

/** Search latency of both layouts on the same query terms, and whether they agree. */
export async function measureLexicalSearch(built: LexicalBuildOutput, queryTerms: WeightedTerm[][], budgetMs: number): Promise<LexicalScaleResult> {
  const { index, packed } = built;
  const search = summarize(await sampleLatencies(queryTerms, (terms) => index.search(terms, { topK: 30 }), { budgetMs }));
  const packedSearch = summarize(await sampleLatencies(queryTerms, (terms) => packed.search(terms, { topK: 30 }), { budgetMs }));
  const ours = queryTerms.map((terms) => index.search(terms, { topK: 10 }).map((hit) => hit.id));
  const theirs = queryTerms.map((terms) => packed.search(terms, { topK: 10 }).map((hit) => hit.id));
  return { ...built.result, search, packedSearch, packedSameTop10: queryTerms.length === 0 ? 1 : meanRecallAtK(theirs, ours, 10) };
}
