import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { Embedder } from '../embedding/embedder.ts';
import type { Chunk } from '../index-store/chunk.ts';
import { LexicalIndex, type LexicalIndexData } from '../retrieval/lexical-index.ts';

/**
 * How index/ was loaded before lexical.bin and the direct HNSW read (manifest schema 1), kept in the
 * benchmark only, to measure what each change did:
 *  - chunks.jsonl decoded by V8's UTF-8 decoder (`readFileSync(file, 'utf8')`), then one JSON.parse per line;
 *  - lexical.json (plain postings) parsed, then packed, both kept in memory;
 *  - the dense folder loaded by LangChain's HNSWLib.load, which also parses docstore.json (every
 *    passage's text again, keyed by label).
 */
export function legacyReadChunks(file: string): Chunk[] {
  const chunks: Chunk[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    chunks.push(JSON.parse(line) as Chunk);
  }
  return chunks;
}

/** Writes the former lexical.json; returns its size in bytes. */
export function writeLegacyLexical(file: string, data: LexicalIndexData): number {
  const text = JSON.stringify(data);
  writeFileSync(file, text);
  return Buffer.byteLength(text);
}

/** The former load: parse lexical.json, pack it; the plain form stayed referenced beside the packed one. */
export function legacyLoadLexical(file: string): { index: LexicalIndex; data: LexicalIndexData } {
  const data = JSON.parse(readFileSync(file, 'utf8')) as LexicalIndexData;
  return { index: LexicalIndex.fromData(data), data };
}

/** The former VectorIndex.load: args.json checked, then LangChain's HNSWLib.load (hnswlib.index + docstore.json). */
export async function legacyLoadDense(dir: string, embedder: Embedder): Promise<HNSWLib> {
  const args = JSON.parse(readFileSync(path.join(dir, 'args.json'), 'utf8')) as { numDimensions?: unknown };
  if (args.numDimensions !== embedder.dims) throw new Error(`vector index in ${dir} has ${String(args.numDimensions)} dims, expected ${embedder.dims}`);
  return HNSWLib.load(dir, embedder);
}
