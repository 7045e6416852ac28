import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { Chunk } from '../../src/index-store/chunk.ts';
import { passageText, VectorIndex } from '../../src/retrieval/vector-index.ts';
import { FakeEmbedder } from '../fixtures/fake-embedder.ts';
import { testChunk } from '../fixtures/test-chunk.ts';

const TEXTS = [
  '2020年，园区生物医药产业实现产值1022亿元，同比增长25%。',
  '园区纳米技术应用产业集聚企业超过1000家，实现产值1160亿元。',
  '园区人工智能产业实现产值650亿余元，集聚企业超过1000家。',
  '国家生物药技术创新中心落户园区，聚焦抗体药物研发。',
  '园区出台科技创新政策，支持企业建设研发机构。',
  '中新合作区内的科技载体与平台持续扩容。',
];

function chunk(text: string, ordinal: number, title = ''): Chunk {
  return testChunk(`test-doc#${ordinal}`, text, { title });
}

const chunks = TEXTS.map((text, ordinal) => chunk(text, ordinal));
const ids = chunks.map((item) => item.id);
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
    const reloaded = await VectorIndex.load(dir, embedder, ids);
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
    await expect(VectorIndex.load(dir, new FakeEmbedder({ dims: 128 }), ids)).rejects.toThrow(/has 256 dims but 128 are expected: rebuild the index/);
    // args.json and the embedder agree, the graph was read for another width (the manifest's).
    const graph = await VectorIndex.readGraph(dir, 256);
    expect(() => VectorIndex.fromGraph(graph, ids, new FakeEmbedder({ dims: 128 }))).toThrow(/has 256 dims but fake-ngram makes 128: rebuild the index/);
  });

  it("labels are chunk positions: LangChain's docstore.json maps label i to chunk i, which load() relies on", async () => {
    const index = await VectorIndex.build(chunks, embedder);
    const dir = path.join(workDir, 'labels');
    await index.save(dir);
    const docstore = JSON.parse(await readFile(path.join(dir, 'docstore.json'), 'utf8')) as Array<[string, { metadata: { id: string } }]>;
    expect(docstore.map(([label, document]) => [Number(label), document.metadata.id])).toEqual(ids.map((id, position) => [position, id]));
  });

  it("loads without docstore.json and finds what LangChain's HNSWLib.load finds", async () => {
    const index = await VectorIndex.build(chunks, embedder);
    const dir = path.join(workDir, 'no-docstore');
    await index.save(dir);
    const langchain = await HNSWLib.load(dir, embedder);
    await rm(path.join(dir, 'docstore.json'));
    const loaded = await VectorIndex.load(dir, embedder, ids);
    for (const text of [...TEXTS, '园区产值', '科技创新政策']) {
      const query = await embedder.embedQuery(text);
      langchain.index.setEf(64);
      const theirs = (await langchain.similaritySearchVectorWithScore(query, 4)).map(([document, distance]) => ({
        id: String(document.metadata['id']),
        score: 1 - distance,
      }));
      expect(await loaded.search(query, { topK: 4 })).toEqual(theirs);
    }
    await expect(HNSWLib.load(dir, embedder)).rejects.toThrow(/docstore\.json/);
  });

  it('refuses a graph whose vector count is not the chunk count, naming both', async () => {
    const index = await VectorIndex.build(chunks, embedder);
    const dir = path.join(workDir, 'count');
    await index.save(dir);
    await expect(VectorIndex.load(dir, embedder, ids.slice(0, 5))).rejects.toThrow(/holds 6 vectors but the index has 5 chunks: rebuild the index/);
    await expect(VectorIndex.load(dir, embedder, [...ids, 'extra#0'])).rejects.toThrow(/holds 6 vectors but the index has 7 chunks/);
  });

  it('refuses a damaged or missing hnswlib.index, and another space in args.json', async () => {
    const index = await VectorIndex.build(chunks, embedder);
    const dir = path.join(workDir, 'damaged');
    await index.save(dir);
    const graphFile = path.join(dir, 'hnswlib.index');
    const bytes = await readFile(graphFile);
    await writeFile(graphFile, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(VectorIndex.load(dir, embedder, ids)).rejects.toThrow(/Hnswlib Error/);
    await rm(graphFile);
    await expect(VectorIndex.load(dir, embedder, ids)).rejects.toThrow(/failed to open file/);
    const other = path.join(workDir, 'l2');
    await index.save(other);
    await writeFile(path.join(other, 'args.json'), JSON.stringify({ space: 'l2', numDimensions: 256 }));
    await expect(VectorIndex.load(other, embedder, ids)).rejects.toThrow(/uses the l2 space, not cosine/);
  });

  it('returns k hits even with a search breadth below k, checks the query width, and saves only what it built', async () => {
    const index = await VectorIndex.build(chunks, embedder);
    const dir = path.join(workDir, 'ef');
    await index.save(dir);
    const loaded = await VectorIndex.load(dir, embedder, ids);
    const query = await embedder.embedQuery(TEXTS[0]!);
    expect(await loaded.search(query, { topK: 6, ef: 1 })).toHaveLength(6);
    await expect(loaded.search([1, 2, 3], { topK: 2 })).rejects.toThrow(/query vector has 3 dims, the index 256/);
    await expect(loaded.save(path.join(workDir, 'resaved'))).rejects.toThrow(/only a VectorIndex made by build\(\) can be saved/);
  });
});
