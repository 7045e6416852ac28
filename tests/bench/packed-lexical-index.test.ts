import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PackedLexicalIndex } from '../../src/bench/candidates/packed-lexical-index.ts';
import { makeSyntheticCorpus } from '../../src/bench/synthetic-corpus.ts';
import { buildChunks } from '../../src/ingest/build-index.ts';
import { LexicalIndex, type WeightedTerm } from '../../src/retrieval/lexical-index.ts';
import { createTokenizer } from '../../src/text/tokenize.ts';

const corpusDir = path.resolve('corpus');
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'packed-lexical-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('PackedLexicalIndex (the proposed layout)', () => {
  const tokenizer = createTokenizer();
  const { chunks: sources } = buildChunks(corpusDir);
  const chunks = makeSyntheticCorpus(sources, { size: 400 }).chunks;
  const index = LexicalIndex.build(chunks, tokenizer);
  const queries: WeightedTerm[][] = [
    ['生物医药', '产值', '2020'],
    ['纳米', '企业', '园区'],
    ['人工智能', '人才'],
    ['没有的词'],
    [],
  ].map((terms) => terms.map((term, position) => ({ term, weight: position === 2 ? 0.2 : 1 })));

  it('finds exactly what LexicalIndex finds: ids, scores, order and matched terms', () => {
    const packed = PackedLexicalIndex.fromData(index.toData());
    expect(packed.size).toBe(index.size);
    for (const terms of queries) {
      for (const topK of [1, 10, 30, 1000]) expect(packed.search(terms, { topK })).toEqual(index.search(terms, { topK }));
    }
    expect(packed.documentFrequency('生物医药')).toBe(index.documentFrequency('生物医药'));
    expect(packed.idf('企业')).toBe(index.idf('企业'));
  });

  it('keeps the same results across searches (its scratch arrays are reset) and after a save and load', () => {
    const file = path.join(workDir, 'lexical.bin');
    const packed = PackedLexicalIndex.fromData(index.toData());
    const bytes = packed.save(file);
    expect(bytes).toBeGreaterThan(0);
    const loaded = PackedLexicalIndex.load(file);
    for (const terms of [...queries, ...queries]) expect(loaded.search(terms, { topK: 20 })).toEqual(index.search(terms, { topK: 20 }));
  });

  it('refuses a file that is not one', async () => {
    const file = path.join(workDir, 'not-an-index.bin');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, 'hello, world');
    expect(() => PackedLexicalIndex.load(file)).toThrow(/not a packed lexical index/);
  });
});
