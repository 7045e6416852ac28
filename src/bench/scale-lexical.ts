import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Chunk } from '../ingest/chunk.ts';
import { LexicalIndex, type LexicalIndexData, type WeightedTerm } from '../retrieval/lexical-index.ts';
import type { Tokenizer } from '../text/tokenize.ts';
import { PackedLexicalIndex } from './candidates/packed-lexical-index.ts';
import { timed } from './measure.ts';
import { meanRecallAtK } from './recall.ts';

export interface LexicalBuildResult {
  buildMs: number;
  fileBytes: number;
  saveMs: number;
  loadMs: number;
  terms: number;
  postings: number;
  /** The proposed packed layout (src/bench/candidates/packed-lexical-index.ts). */
  packed: { convertMs: number; fileBytes: number; saveMs: number; loadMs: number };
}

export interface LexicalScaleResult extends LexicalBuildResult {
  /** recall@10 of the packed layout's hits against today's index's on the same terms: 1 = the same results. */
  packedSameTop10: number;
  /** Queries the agreement was checked on. */
  compared: number;
}

export interface LexicalBuildOutput {
  result: LexicalBuildResult;
  index: LexicalIndex;
  packed: PackedLexicalIndex;
  /** Each chunk's tokens joined by spaces (what LangChain's BM25Retriever needs for Chinese). */
  tokenTexts: string[];
}

/**
 * Builds the product's lexical index over `chunks`, saves it and loads it back, then converts it to
 * the packed candidate layout and saves and loads that too (load times and memory that count are
 * measured in a fresh process: probe-server-start.ts).
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
  const load = await timed(() => LexicalIndex.fromData(JSON.parse(readFileSync(file, 'utf8')) as LexicalIndexData));
  const index = load.value;

  const packedFile = join(workDir, 'lexical.bin');
  const { convertMs, packedSave } = await (async () => {
    const convert = await timed(() => PackedLexicalIndex.fromData(index.toData()));
    return { convertMs: convert.ms, packedSave: await timed(() => convert.value.save(packedFile)) };
  })();
  const packedLoad = await timed(() => PackedLexicalIndex.load(packedFile));

  return {
    result: {
      buildMs,
      fileBytes: statSync(file).size,
      saveMs,
      loadMs: load.ms,
      terms,
      postings,
      packed: { convertMs, fileBytes: packedSave.value, saveMs: packedSave.ms, loadMs: packedLoad.ms },
    },
    index,
    packed: packedLoad.value,
    tokenTexts,
  };
}

/**
 * Whether the packed layout finds what today's index finds, on `limit` queries (each costs a full
 * search at size). Latency is measured in a fresh process (probe-server-start.ts), not here.
 */
export function compareLexicalLayouts(built: LexicalBuildOutput, queryTerms: WeightedTerm[][], limit: number): LexicalScaleResult {
  const compared = queryTerms.slice(0, Math.max(1, limit));
  const ours = compared.map((terms) => built.index.search(terms, { topK: 10 }).map((hit) => hit.id));
  const theirs = compared.map((terms) => built.packed.search(terms, { topK: 10 }).map((hit) => hit.id));
  return { ...built.result, packedSameTop10: compared.length === 0 ? 1 : meanRecallAtK(theirs, ours, 10), compared: compared.length };
}
