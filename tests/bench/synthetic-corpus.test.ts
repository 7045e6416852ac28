import { describe, expect, it } from 'vitest';
import { ExactCosineSearch } from '../../src/bench/exact-search.ts';
import { createSeededRandom } from '../../src/bench/seeded-random.ts';
import { makeSyntheticCorpus, splitSentences } from '../../src/bench/synthetic-corpus.ts';
import { makeClusteredVectors, vectorRow } from '../../src/bench/synthetic-vectors.ts';
import type { Chunk } from '../../src/index-store/chunk.ts';

function source(ordinal: number, text: string, title = `【条目${ordinal}】`): Chunk {
  return { id: `doc#${ordinal}`, docId: 'doc', title, section: ['新兴产业'], year: 2020, lang: 'zh', text, start: 0, end: text.length, kind: 'entry' };
}

const sources = [
  source(0, '2020年，园区生物医药产业实现产值1022亿元，同比增长25%。集聚企业超过1800家！'),
  source(1, '园区纳米技术应用产业集聚企业超过1000家。实现产值1160亿元；增长近20%。'),
  source(2, '园区人工智能产业实现产值650亿余元。新增人工智能企业超过200家？'),
];
const pool = new Set(sources.flatMap((chunk) => splitSentences(chunk.text)));

describe('splitSentences', () => {
  it('splits after Chinese closing marks, keeps them, and drops short fragments', () => {
    expect(splitSentences('第一句话很长。第二句话！短句。第三句话也很长？')).toEqual(['第一句话很长。', '第二句话！', '第三句话也很长？']);
    expect(splitSentences('没有句号的一段文字')).toEqual(['没有句号的一段文字']);
    expect(splitSentences('')).toEqual([]);
  });
});

describe('makeSyntheticCorpus', () => {
  it('makes the asked number of chunks out of real sentences, with unique ids and topic metadata', () => {
    const corpus = makeSyntheticCorpus(sources, { size: 50, chunksPerDocument: 8 });
    expect(corpus.chunks).toHaveLength(50);
    expect(new Set(corpus.chunks.map((chunk) => chunk.id)).size).toBe(50);
    expect(corpus.documentCount).toBe(7);
    expect(corpus.sentencePool).toBe(pool.size);
    corpus.chunks.forEach((chunk, index) => {
      const topic = sources[corpus.topics[index] as number] as Chunk;
      expect(chunk.title).toBe(topic.title);
      expect(chunk.docId).toBe(`synthetic-${corpus.documents[index]}`);
      expect(chunk.end - chunk.start).toBe(chunk.text.length);
      const sentences = splitSentences(chunk.text);
      expect(sentences.length).toBeGreaterThanOrEqual(2);
      expect(sentences.length).toBeLessThanOrEqual(5);
      for (const sentence of sentences) expect(pool.has(sentence)).toBe(true);
    });
  });

  it('is the same for the same seed and different for another', () => {
    const texts = (seed: number) => makeSyntheticCorpus(sources, { size: 20, seed }).chunks.map((chunk) => chunk.text);
    expect(texts(3)).toEqual(texts(3));
    expect(texts(3)).not.toEqual(texts(4));
  });

  it('refuses sources without text', () => {
    expect(() => makeSyntheticCorpus([source(0, '')], { size: 1 })).toThrow(RangeError);
  });
});

describe('makeClusteredVectors', () => {
  const corpus = makeSyntheticCorpus(sources, { size: 64, chunksPerDocument: 8 });
  const vectors = makeClusteredVectors(corpus, { dims: 64, seed: 5 });
  const dot = (left: Float32Array, right: Float32Array) => left.reduce((sum, value, index) => sum + value * (right[index] as number), 0);

  it('makes one unit vector per chunk, deterministically', () => {
    expect(vectors.count).toBe(64);
    expect(vectors.data).toHaveLength(64 * 64);
    for (let row = 0; row < vectors.count; row += 1) expect(Math.hypot(...vectorRow(vectors, row))).toBeCloseTo(1, 5);
    expect(makeClusteredVectors(corpus, { dims: 64, seed: 5 }).data).toEqual(vectors.data);
  });

  it('puts chunks of one document closer to each other than to other documents', () => {
    let same = 0;
    let other = 0;
    let sameCount = 0;
    let otherCount = 0;
    for (let left = 0; left < vectors.count; left += 1) {
      for (let right = left + 1; right < vectors.count; right += 1) {
        const similarity = dot(vectorRow(vectors, left), vectorRow(vectors, right));
        if (corpus.documents[left] === corpus.documents[right]) {
          same += similarity;
          sameCount += 1;
        } else {
          other += similarity;
          otherCount += 1;
        }
      }
    }
    expect(same / sameCount).toBeGreaterThan(other / otherCount + 0.2);
  });

  it('draws query vectors outside the set, deterministically', () => {
    const queries = vectors.queries(10, 9);
    expect(queries.count).toBe(10);
    expect(vectors.queries(10, 9).data).toEqual(queries.data);
    expect(Math.hypot(...vectorRow(queries, 3))).toBeCloseTo(1, 5);
  });
});

describe('ExactCosineSearch', () => {
  it('returns the same top k as sorting every dot product', () => {
    const random = createSeededRandom(11);
    const dims = 12;
    const count = 300;
    const data = new Float32Array(count * dims);
    for (let row = 0; row < count; row += 1) {
      const vector = Array.from({ length: dims }, () => random.gaussian());
      const norm = Math.hypot(...vector);
      data.set(
        vector.map((value) => value / norm),
        row * dims,
      );
    }
    const search = new ExactCosineSearch({ dims, count, data });
    for (let query = 0; query < 5; query += 1) {
      const vector = Array.from({ length: dims }, () => random.gaussian() * 3);
      const norm = Math.hypot(...vector);
      const expected = Array.from({ length: count }, (_, row) => ({
        row,
        score: vectorRow({ dims, count, data }, row).reduce((sum, value, index) => sum + value * ((vector[index] as number) / norm), 0),
      }))
        .sort((left, right) => right.score - left.score)
        .slice(0, 10);
      const found = search.search(vector, 10);
      expect(found.map((hit) => hit.row)).toEqual(expected.map((hit) => hit.row));
      expect(found[0]?.score).toBeCloseTo(expected[0]?.score ?? 0, 5);
    }
    expect(search.search([1, ...Array.from({ length: dims - 1 }, () => 0)], 500)).toHaveLength(count);
  });
});

describe('createSeededRandom', () => {
  it('repeats for a seed and draws standard normals', () => {
    const first = createSeededRandom(1);
    const second = createSeededRandom(1);
    expect(Array.from({ length: 5 }, () => first.next())).toEqual(Array.from({ length: 5 }, () => second.next()));
    const random = createSeededRandom(2);
    const draws = Array.from({ length: 20_000 }, () => random.gaussian());
    const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
    const variance = draws.reduce((sum, value) => sum + (value - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeGreaterThan(0.95);
    expect(variance).toBeLessThan(1.05);
  });
});
