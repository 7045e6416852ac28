import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/ingest/chunk.ts';
import { passageText, VectorIndex } from '../../src/retrieval/vector-index.ts';
import { FakeEmbedder } from '../fixtures/fake-embedder.ts';

const TEXTS = [
  '2020年，园区生物医药产业实现产值1022亿元，同比增长25%。',
  '园区纳米技术应用产业集聚企业超过1000家，实现产值1160亿元。',
  '园区人工智能产业实现产值650亿余元，集聚企业超过1000家。',
  '国家生物药技术创新中心落户园区，聚焦抗体药物研发。',
  '园区出台科技创新政策，支持企业建设研发机构。',
  '中新合作区内的科技载体与平台持续扩容。',
];

function chunk(text: string, ordinal: number, title = ''): Chunk {
  return {
    id: `test-doc#${ordinal}`,
    docId: 'test-doc',
    title,
    section: [],
    year: 2020,
    lang: 'zh',
    text,
    start: 0,
    end: text.length,
    kind: 'paragraph',
  };
}

const chunks = TEXTS.map((text, ordinal) => chunk(text, ordinal));
const embedder = new FakeEmbedder();
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'vector-index-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('FakeEmbedder', () => {
  it('makes unit vectors where texts sharing words are closer', async () => {
    const [a, b, c] = await embedder.embedDocuments(['生物医药产业产值', '园区生物医药产业', '纳米技术应用']);
    const dot = (left: number[], right: number[]) => left.reduce((sum, value, index) => sum + value * right[index]!, 0);
    expect(dot(a!, a!)).toBeCloseTo(1, 10);
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!));
    expect(await embedder.embedQuery('')).toHaveLength(256);
  });
});

describe('VectorIndex', () => {
  it('finds the chunk whose text is the query first, with cosine similarity scores', async () => {
    const index = await VectorIndex.build(chunks, embedder);
    expect(index.size).toBe(6);
    for (const [ordinal, text] of TEXTS.entries()) {
      const hits = await index.searchText(text, { topK: 3 });
      expect(hits.map((hit) => hit.id)[0]).toBe(`test-doc#${ordinal}`);
      expect(hits[0]!.score).toBeCloseTo(1, 5);
      expect(hits[1]!.score).toBeLessThan(hits[0]!.score);
    }
  });

  it('ranks by meaning shared through words', async () => {
    const index = await VectorIndex.build(chunks, embedder);
    const hits = await index.searchText('人工智能产业产值是多少', { topK: 2 });
    expect(hits[0]!.id).toBe('test-doc#2');
  });

  it('embeds the title with the text', async () => {
    expect(passageText(chunk('正文', 0, '【概况】'))).toBe('【概况】\n正文');
    expect(passageText(chunk('正文', 0))).toBe('正文');
    const index = await VectorIndex.build([chunk('企业数量增长', 0, '【人工智能】'), chunk('企业数量增长', 1)], embedder);
    const [first] = await index.searchText('人工智能');
    expect(first!.id).toBe('test-doc#0');
  });

  it('saves, reloads and answers the same', async () => {
    const progress: number[] = [];
    const index = await VectorIndex.build(chunks, embedder, { onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([0, 6]);
    const dir = path.join(workDir, 'saved');
    await index.save(dir);
    const reloaded = await VectorIndex.load(dir, embedder);
    expect(reloaded.size).toBe(6);
    const query = await embedder.embedQuery(TEXTS[3]!);
    expect(await reloaded.search(query, { topK: 6 })).toEqual(await index.search(query, { topK: 6 }));
  });

  it('writes M and efConstruction into the hnswlib file', async () => {
    const index = await VectorIndex.build(chunks, embedder, { m: 8, efConstruction: 50 });
    const dir = path.join(workDir, 'params');
    await index.save(dir);
    // hnswlib's header: six size_t, an int and an unsigned, then maxM, maxM0, M, mult, ef_construction.
    const file = await open(path.join(dir, 'hnswlib.index'));
    const header = Buffer.alloc(96);
    await file.read(header, 0, 96, 0);
    await file.close();
    expect(Number(header.readBigUInt64LE(72))).toBe(8);
    expect(Number(header.readBigUInt64LE(88))).toBe(50);
  });

  it('returns no more hits than it holds, and none when empty', async () => {
    const index = await VectorIndex.build(chunks.slice(0, 2), embedder);
    expect(await index.searchText('园区', { topK: 20 })).toHaveLength(2);
    const empty = await VectorIndex.build([], embedder);
    expect(await empty.searchText('园区')).toEqual([]);
  });

  it('refuses an index built with another embedding width', async () => {
    const index = await VectorIndex.build(chunks, embedder);
    const dir = path.join(workDir, 'other-dims');
    await index.save(dir);
    await expect(VectorIndex.load(dir, new FakeEmbedder({ dims: 128 }))).rejects.toThrow(/rebuild the index/);
  });
});
