import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Embeddings } from '@langchain/core/embeddings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbedder } from '../../src/embedding/load-embedder.ts';
import { measureThroughput } from '../../src/embedding/measure-throughput.ts';
import { TransformersEmbedder } from '../../src/embedding/transformers-embedder.ts';
import { buildChunks } from '../../src/ingest/build-index.ts';
import type { Chunk } from '../../src/index-store/chunk.ts';
import { VectorIndex } from '../../src/retrieval/vector-index.ts';
import { makeTinyModel, type TinyModel } from '../fixtures/make-tiny-model.ts';
import { testChunk } from '../fixtures/test-chunk.ts';

const CORPUS_DIR = new URL('../../corpus/', import.meta.url);

let workDir: string;
let tiny: TinyModel;
let embedder: TransformersEmbedder;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'transformers-embedder-'));
  tiny = await makeTinyModel(path.join(workDir, 'models'), { vocab: ['猫', '狗'] });
  embedder = await TransformersEmbedder.load({
    model: tiny.modelId,
    cacheDir: path.join(workDir, 'cache'),
    localModelPath: tiny.localModelPath,
    allowRemote: false,
    batchSize: 4,
  });
});

afterAll(async () => {
  await embedder?.dispose();
  await rm(workDir, { recursive: true, force: true });
});

const dot = (left: number[], right: number[]) => left.reduce((sum, value, index) => sum + value * (right[index] ?? 0), 0);
const norm = (vector: number[]) => Math.sqrt(dot(vector, vector));

describe('makeTinyModel', () => {
  it('writes a small model', () => {
    expect(tiny.bytes).toBeLessThan(300_000);
    expect(tiny.vocabSize).toBeGreaterThan(1000); // the corpus's characters are in
  });
});

describe('TransformersEmbedder (tiny model, offline)', () => {
  it('learns its width from a probe and is a LangChain Embeddings', () => {
    expect(embedder.dims).toBe(32);
    expect(embedder.model).toBe('tiny-bert');
    expect(embedder).toBeInstanceOf(Embeddings);
  });

  it('embeds Chinese and English into unit vectors', async () => {
    const vectors = await embedder.embedDocuments(['苏州工业园区生物医药产业', 'Suzhou Industrial Park biomedicine', '']);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toHaveLength(32);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  });

  it('is deterministic, whatever the batch it lands in', async () => {
    const text = '2020年，园区纳米技术应用产业实现产值1160亿元。';
    const alone = await embedder.embedQuery(text);
    const batched = await embedder.embedDocuments(['短', text, '一段长得多的文字，让批里的填充更多一些，园区人工智能产业。']);
    const again = await embedder.embedQuery(text);
    expect(again).toEqual(alone);
    batched[1]!.forEach((value, index) => expect(value).toBeCloseTo(alone[index]!, 6));
  });

  it('puts near-duplicates closer than unrelated texts', async () => {
    const [zh, zhNear, zhOther, en, enNear, enOther] = await embedder.embedDocuments([
      '2020年，园区生物医药产业实现产值1022亿元，同比增长25%。',
      '2020年园区生物医药产业产值1022亿元，增长25%',
      '猫和狗',
      'Suzhou Industrial Park biomedicine output in 2020',
      'biomedicine output of Suzhou Industrial Park',
      'xyz',
    ]);
    expect(dot(zh!, zh!)).toBeCloseTo(1, 5);
    expect(dot(zh!, zhNear!)).toBeGreaterThan(0.9);
    expect(dot(zh!, zhNear!)).toBeGreaterThan(dot(zh!, zhOther!) + 0.3);
    expect(dot(en!, enNear!)).toBeGreaterThan(dot(en!, enOther!) + 0.3);
  });

  it('reports progress per batch, from construction or per call', async () => {
    const texts = Array.from({ length: 10 }, (_, index) => `园区第${index}家企业`);
    const perCall: Array<[number, number]> = [];
    await embedder.embedDocuments(texts, { onProgress: (done, total) => perCall.push([done, total]) });
    expect(perCall).toEqual([
      [0, 10],
      [4, 10],
      [8, 10],
      [10, 10],
    ]);

    const fromConstruction: number[] = [];
    embedder.onProgress = (done) => fromConstruction.push(done);
    try {
      await embedder.embedDocuments(texts.slice(0, 5));
    } finally {
      embedder.onProgress = undefined;
    }
    expect(fromConstruction).toEqual([0, 4, 5]);
  });

  it('measures throughput on corpus-sized passages', async () => {
    const passages = await corpusPassages(40, 300);
    const result = await measureThroughput(embedder, passages);
    expect(result.texts).toBe(40);
    expect(result.textsPerSecond).toBeGreaterThan(0);
  });

  it('feeds a VectorIndex that survives save and load', async () => {
    const chunks = ['园区生物医药产业产值1022亿元', '纳米技术应用产业集聚企业', '人工智能产业产值650亿余元', 'Suzhou Industrial Park'].map(
      (text, ordinal): Chunk => testChunk(`doc#${ordinal}`, text),
    );
    const index = await VectorIndex.build(chunks, embedder);
    const dir = path.join(workDir, 'vectors');
    await index.save(dir);
    const reloaded = await VectorIndex.load(
      dir,
      embedder,
      chunks.map((chunk) => chunk.id),
    );
    const hits = await reloaded.searchText('纳米技术应用产业集聚企业', { topK: 3 });
    expect(hits).toHaveLength(3);
    expect(hits[0]).toMatchObject({ id: 'doc#1' });
    expect(hits[0]!.score).toBeCloseTo(1, 4);
  });

  it("serves the real corpus's vectors without docstore.json: the same hits as LangChain's HNSWLib.load", async () => {
    const { chunks } = buildChunks(fileURLToPath(CORPUS_DIR));
    const index = await VectorIndex.build(chunks, embedder);
    const dir = path.join(workDir, 'corpus-vectors');
    await index.save(dir);
    const langchain = await HNSWLib.load(dir, embedder);
    await rm(path.join(dir, 'docstore.json'));
    const served = await VectorIndex.load(
      dir,
      embedder,
      chunks.map((chunk) => chunk.id),
    );
    expect(served.size).toBe(chunks.length);
    const questions = [
      '2020年园区生物医药产业产值是多少？',
      '纳米技术应用产业',
      '人工智能企业数量',
      'Suzhou Industrial Park biomedicine output',
      ...chunks.slice(0, 12).map((chunk) => chunk.text.slice(0, 30)),
    ];
    let compared = 0;
    for (const question of questions) {
      const query = await embedder.embedQuery(question);
      langchain.index.setEf(64);
      const theirs = (await langchain.similaritySearchVectorWithScore(query, 10)).map(([document, distance]) => ({
        id: String(document.metadata['id']),
        score: 1 - distance,
      }));
      const ours = await served.search(query, { topK: 10 });
      expect(ours).toEqual(theirs);
      compared += ours.length;
    }
    expect(compared).toBe(questions.length * 10);
  });
});

describe('a known model id, served from files an offline user copied in', () => {
  it('uses the registry: quantized file name, dims check, e5 prefixes', async () => {
    const cacheDir = path.join(workDir, 'copied-cache');
    const copied = await makeTinyModel(cacheDir, { dims: 384, name: 'Xenova/multilingual-e5-small' });
    await copyFile(path.join(copied.modelDir, 'onnx/model.onnx'), path.join(copied.modelDir, 'onnx/model_quantized.onnx'));
    // Same vocabulary, width and seed under an unknown name: the same weights, without prefixes.
    const plain = await makeTinyModel(cacheDir, { dims: 384, name: 'plain-384' });

    const result = await loadEmbedder({ model: 'Xenova/multilingual-e5-small', cacheDir, allowRemote: false });
    if (result.embedder === null) throw new Error(result.reason);
    const e5 = result.embedder as TransformersEmbedder;
    const unprefixed = await TransformersEmbedder.load({ model: plain.modelId, cacheDir, allowRemote: false });
    try {
      expect(e5.dims).toBe(384);
      const text = '园区有多少家生物医药企业';
      const [passage] = await e5.embedDocuments([text]);
      const query = await e5.embedQuery(text);
      expect(query).not.toEqual(passage);
      expect(query).toEqual(await unprefixed.embedQuery(`query: ${text}`));
      expect(passage).toEqual((await unprefixed.embedDocuments([`passage: ${text}`]))[0]);
    } finally {
      await e5.dispose();
      await unprefixed.dispose();
    }
  });
});

describe('loadEmbedder', () => {
  it('loads the tiny model', async () => {
    const result = await loadEmbedder({
      model: tiny.modelId,
      cacheDir: path.join(workDir, 'cache'),
      localModelPath: tiny.localModelPath,
      allowRemote: false,
    });
    expect(result.embedder?.dims).toBe(32);
    await (result.embedder as TransformersEmbedder | null)?.dispose();
  });

  it('says quickly, in one line, that a missing model cannot be had offline', async () => {
    const started = performance.now();
    const cacheDir = path.join(workDir, 'empty-cache');
    const result = await loadEmbedder({ model: 'Xenova/multilingual-e5-small', cacheDir, allowRemote: false });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.embedder).toBeNull();
    if (result.embedder !== null) return;
    expect(result.reason).toBe(`model Xenova/multilingual-e5-small not in ${cacheDir} and downloads are disabled`);
  });

  it('names an unreachable hub', async () => {
    const closedPort = await freePort();
    const result = await loadEmbedder({
      model: 'someone/no-such-model',
      cacheDir: path.join(workDir, 'empty-cache'),
      remoteHost: `http://127.0.0.1:${closedPort}/`,
    });
    expect(result).toMatchObject({ embedder: null });
    if (result.embedder !== null) return;
    expect(result.reason).toMatch(
      /^model someone\/no-such-model not in .* and the model hub http:\/\/127\.0\.0\.1:\d+\/ is unreachable \(fetch failed: .*ECONNREFUSED/,
    );
    expect(result.reason).not.toContain('\n');
  });

  it('gives up on a hub that never answers after the timeout', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket)); // accepts, never replies
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = performance.now();
      const result = await loadEmbedder({
        model: 'Xenova/multilingual-e5-small',
        cacheDir: path.join(workDir, 'empty-cache'),
        remoteHost: `http://127.0.0.1:${port}`,
        timeoutMs: 300,
      });
      expect(performance.now() - started).toBeLessThan(3000);
      expect(result).toMatchObject({ embedder: null, reason: expect.stringContaining('did not answer within 0.3 s') });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('reports a broken model file instead of throwing', async () => {
    const broken = await makeTinyModel(path.join(workDir, 'broken'), { name: 'broken-bert' });
    await writeFile(path.join(broken.modelDir, 'onnx/model.onnx'), 'not an onnx file');
    const result = await loadEmbedder({
      model: broken.modelId,
      cacheDir: path.join(workDir, 'cache'),
      localModelPath: broken.localModelPath,
      allowRemote: false,
    });
    expect(result).toMatchObject({ embedder: null, reason: expect.stringMatching(/^model broken-bert could not be loaded: /) });
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Corpus text without whitespace, cut into `length`-character passages, repeated to reach `count`. */
async function corpusPassages(count: number, length: number): Promise<string[]> {
  const names = (await readdir(CORPUS_DIR)).filter((name) => name.endsWith('.txt')).sort();
  const characters = [...(await Promise.all(names.map((name) => readFile(new URL(name, CORPUS_DIR), 'utf8')))).join('').replace(/\s+/g, '')];
  const passages: string[] = [];
  for (let start = 0; passages.length < count; start = (start + length) % Math.max(1, characters.length - length)) {
    passages.push(characters.slice(start, start + length).join(''));
  }
  return passages;
}
