import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Chunk } from '../index-store/chunk.ts';
import { indexFiles } from '../index-store/index-files.ts';
import { buildLexicalData, LexicalIndex, type WeightedTerm } from '../retrieval/lexical-index.ts';
import type { Tokenizer } from '../text/tokenize.ts';
import { writeLegacyLexical } from './legacy-index-load.ts';
import { timed } from './measure.ts';
import { meanRecallAtK } from './recall.ts';

export interface LexicalBuildResult {
  /** Tokenising every chunk and packing the postings (LexicalIndex.build). */
  buildMs: number;
  terms: number;
  postings: number;
  /** lexical.bin, what ingest writes. */
  fileBytes: number;
  saveMs: number;
  /** LexicalIndex.load in this process (the fresh-process figure is the server-start probe's). */
  loadMs: number;
  /** lexical.json, what ingest wrote before lexical.bin (written here only to measure its load). */
  legacyJson: { fileBytes: number; saveMs: number };
}

export interface LexicalScaleResult extends LexicalBuildResult {
  /** recall@10 of the reloaded lexical.bin's hits against the freshly built index's on the same terms: 1 = the same results. */
  roundTripSameTop10: number;
  /** Queries the agreement was checked on. */
  compared: number;
}

export interface LexicalBuildOutput {
  result: LexicalBuildResult;
  /** As built. */
  built: LexicalIndex;
  /** Read back from lexical.bin. */
  index: LexicalIndex;
  /** Each chunk's tokens joined by spaces (what LangChain's BM25Retriever needs for Chinese). */
  tokenTexts: string[];
}

/**
 * Builds the product's lexical index over `chunks`, saves it as lexical.bin in `workDir` (where the
 * server-start probes read it) and loads it back; also writes the former lexical.json from the same
 * postings, so the probes can measure what the binary file changed.
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
  const file = join(workDir, indexFiles.lexical);
  // In its own scope, so the plain postings are garbage before the reloaded index is measured.
  const { built, buildMs, postings, legacyJson } = await (async () => {
    const build = await timed(() => {
      const data = buildLexicalData(chunks, recording);
      return { data, index: LexicalIndex.fromData(data) };
    });
    const { data } = build.value;
    const legacy = await timed(() => writeLegacyLexical(join(workDir, 'lexical.json'), data));
    return {
      built: build.value.index,
      buildMs: build.ms,
      postings: Object.values(data.postings).reduce((sum, list) => sum + list.length / 2, 0),
      legacyJson: { fileBytes: legacy.value, saveMs: legacy.ms },
    };
  })();
  const save = await timed(() => built.save(file));
  const load = await timed(() => LexicalIndex.load(file));
  return {
    result: { buildMs, terms: built.vocabulary().size, postings, fileBytes: statSync(file).size, saveMs: save.ms, loadMs: load.ms, legacyJson },
    built,
    index: load.value,
    tokenTexts,
  };
}

/** Whether lexical.bin read back finds what the freshly built index finds, on `limit` queries. */
export function compareLexicalRoundTrip(output: LexicalBuildOutput, queryTerms: WeightedTerm[][], limit: number): LexicalScaleResult {
  const compared = queryTerms.slice(0, Math.max(1, limit));
  const built = compared.map((terms) => output.built.search(terms, { topK: 10 }).map((hit) => hit.id));
  const loaded = compared.map((terms) => output.index.search(terms, { topK: 10 }).map((hit) => hit.id));
  return { ...output.result, roundTripSameTop10: compared.length === 0 ? 1 : meanRecallAtK(loaded, built, 10), compared: compared.length };
}
