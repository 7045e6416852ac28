import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSyntheticCorpus } from '../../src/bench/synthetic-corpus.ts';
import { buildChunks } from '../../src/ingest/build-index.ts';
import { LEXICAL_FILE_MAGIC, LEXICAL_FILE_VERSION } from '../../src/retrieval/lexical-index-file.ts';
import { buildLexicalData, LexicalIndex, type LexicalHit, type LexicalIndexData, type WeightedTerm } from '../../src/retrieval/lexical-index.ts';
import { createTokenizer } from '../../src/text/tokenize.ts';

const corpusDir = path.resolve('corpus');
let workDir: string;
let files = 0;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'lexical-index-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

const tokenizer = createTokenizer();
const { chunks: sources } = buildChunks(corpusDir);
const chunks = makeSyntheticCorpus(sources, { size: 400 }).chunks;
const data = buildLexicalData(chunks, tokenizer);
const built = LexicalIndex.build(chunks, tokenizer);
const queries: WeightedTerm[][] = [
  ['生物医药', '产值', '2020'],
  ['纳米', '企业', '园区'],
  ['人工智能', '人才'],
  ['人才', '人工智能', '人才'],
  ['没有的词'],
  [],
].map((terms) => terms.map((term, position) => ({ term, weight: position === 2 ? 0.2 : 1 })));

/**
 * BM25 written plainly over the plain postings (a Map per query, a full sort), as the index searched
 * before the packed layout: what the packed search must reproduce — same scores, order and ties
 * (first touched first), same matched terms.
 */
function referenceSearch(plain: LexicalIndexData, terms: WeightedTerm[], topK: number): LexicalHit[] {
  const { k1, b } = plain.settings;
  const count = plain.ids.length;
  const average = plain.lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, count);
  const merged = new Map<string, number>();
  for (const { term, weight } of terms) merged.set(term, Math.max(merged.get(term) ?? 0, weight));
  const scores = new Map<number, { score: number; matched: string[] }>();
  for (const [term, weight] of merged) {
    const postings = plain.postings[term];
    if (postings === undefined) continue;
    const frequencyOfTerm = postings.length / 2;
    const idfWeight = Math.log(1 + (count - frequencyOfTerm + 0.5) / (frequencyOfTerm + 0.5)) * weight;
    for (let cursor = 0; cursor < postings.length; cursor += 2) {
      const chunkIndex = postings[cursor] as number;
      const frequency = postings[cursor + 1] as number;
      const norm = k1 * (1 - b + (b * (plain.lengths[chunkIndex] as number)) / average);
      const termScore = (idfWeight * frequency * (k1 + 1)) / (frequency + norm);
      const entry = scores.get(chunkIndex);
      if (entry === undefined) scores.set(chunkIndex, { score: termScore, matched: [term] });
      else {
        entry.score += termScore;
        entry.matched.push(term);
      }
    }
  }
  // Array.prototype.sort is stable: equal scores keep the order chunks were first touched in.
  return [...scores]
    .sort(([, left], [, right]) => right.score - left.score)
    .slice(0, topK)
    .map(([chunkIndex, { score, matched }]) => ({ id: plain.ids[chunkIndex] as string, score, matched }));
}

function savedFile(index = built): string {
  files += 1;
  const file = path.join(workDir, `lexical-${files}.bin`);
  index.save(file);
  return file;
}

/** A saved file changed by `edit`, with its checksum recomputed when `fixChecksum` (so only the structural checks can catch it). */
function damaged(edit: (bytes: Buffer) => Buffer | void, { fixChecksum = false } = {}): string {
  const file = savedFile();
  const bytes = readFileSync(file);
  const edited = edit(bytes) ?? bytes;
  if (fixChecksum) edited.writeUInt32LE(crc32(edited.subarray(64)), 12);
  writeFileSync(file, edited);
  return file;
}

function flipBit(bytes: Buffer, offset: number): void {
  bytes.writeUInt8(bytes.readUInt8(offset) ^ 0x04, offset);
}

/** Byte offset of a section: 0 ids, 1 terms, 2 offsets, 3 chunk indexes, 4 frequencies, 5 lengths. */
function sectionOffset(bytes: Buffer, section: number): number {
  const [chunks, terms, postings, idBytes, termBytes] = [0, 1, 2, 3, 4].map((index) => bytes.readUInt32LE(32 + index * 4)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const pad = (value: number) => Math.ceil(value / 4) * 4;
  const sizes = [pad(idBytes), pad(termBytes), 4 * (terms + 1), 4 * postings, 4 * postings, 4 * chunks];
  return 64 + sizes.slice(0, section).reduce((sum, size) => sum + size, 0);
}

describe('LexicalIndex search', () => {
  it('finds what plain BM25 over the same postings finds: ids, scores, order, ties and matched terms', () => {
    let hits = 0;
    for (const terms of queries) {
      for (const topK of [1, 10, 30, 1000]) {
        const expected = referenceSearch(data, terms, topK);
        const actual = built.search(terms, { topK });
        expect(actual.map((hit) => hit.id)).toEqual(expected.map((hit) => hit.id));
        actual.forEach((hit, rank) => {
          expect(hit.score).toBeCloseTo(expected[rank]?.score ?? Number.NaN, 12);
          expect([...hit.matched].sort()).toEqual([...(expected[rank]?.matched ?? [])].sort());
        });
        hits += actual.length;
      }
    }
    expect(hits).toBeGreaterThan(1000);
    expect(built.search([], { topK: 10 })).toEqual([]);
  });
});

describe('lexical.bin', () => {
  it('round-trips: the loaded index finds exactly what the freshly built one finds, and knows the same terms', () => {
    const file = savedFile();
    const bytes = readFileSync(file);
    expect(bytes.toString('latin1', 0, 8)).toBe(LEXICAL_FILE_MAGIC);
    expect(bytes.readUInt32LE(8)).toBe(LEXICAL_FILE_VERSION);
    const loaded = LexicalIndex.load(file);
    expect(loaded.size).toBe(chunks.length);
    expect(loaded.ids).toEqual(chunks.map((chunk) => chunk.id));
    expect(loaded.totalTokens).toBe(data.lengths.reduce((sum, length) => sum + length, 0));
    expect(loaded.settings).toEqual(built.settings);
    expect([...loaded.vocabulary()]).toEqual([...built.vocabulary()]);
    expect(loaded.vocabulary().size).toBe(Object.keys(data.postings).length);
    for (const terms of [...queries, ...queries]) {
      for (const topK of [1, 10, 30, 1000]) expect(loaded.search(terms, { topK })).toEqual(built.search(terms, { topK }));
    }
    expect(loaded.documentFrequency('生物医药')).toBe(built.documentFrequency('生物医药'));
    expect(loaded.documentFrequency('生物医药')).toBeGreaterThan(0);
    expect(loaded.idf('企业')).toBe(built.idf('企业'));
  });

  it('round-trips other BM25 settings and an empty index', () => {
    const tuned = LexicalIndex.build(chunks.slice(0, 50), tokenizer, { k1: 1.5, b: 0.6 });
    const loaded = LexicalIndex.load(savedFile(tuned));
    expect(loaded.settings).toEqual({ k1: 1.5, b: 0.6 });
    expect(loaded.search(queries[0] ?? [], { topK: 5 })).toEqual(tuned.search(queries[0] ?? [], { topK: 5 }));
    const empty = LexicalIndex.load(savedFile(LexicalIndex.build([], tokenizer)));
    expect(empty.size).toBe(0);
    expect(empty.vocabulary().size).toBe(0);
    expect(empty.search(queries[0] ?? [])).toEqual([]);
  });

  it('refuses to save a term or id it could not read back', () => {
    const index = LexicalIndex.fromData({ version: 1, settings: { k1: 1.2, b: 0.75 }, ids: ['a#0'], lengths: [1], postings: { 'two\nlines': [0, 1] } });
    expect(() => savedFile(index)).toThrow(/cannot hold the term "two\\nlines": it contains a line break/);
  });

  describe('a damaged file is refused with an error naming it', () => {
    const cases: Array<[name: string, make: () => string, message: RegExp]> = [
      ['cut in half', () => damaged((bytes) => bytes.subarray(0, Math.floor(bytes.length / 2))), /is truncated: \d+ bytes where its header describes \d+/],
      ['one byte short', () => damaged((bytes) => bytes.subarray(0, bytes.length - 1)), /is truncated/],
      ['cut inside the header', () => damaged((bytes) => bytes.subarray(0, 40)), /is truncated: 40 bytes, shorter than its 64-byte header/],
      ['empty', () => damaged(() => Buffer.alloc(0)), /is truncated: 0 bytes/],
      ['with bytes after its end', () => damaged((bytes) => Buffer.concat([bytes, Buffer.alloc(8)])), /is corrupt: \d+ bytes where its header describes \d+/],
      ['another magic', () => damaged((bytes) => void bytes.write('NOTLEXIX', 0, 'latin1')), /is not a lexical index \(wrong magic bytes\)/],
      ['the first proposal (SIPLEX01)', () => damaged((bytes) => void bytes.write('SIPLEX01', 0, 'latin1')), /is not a lexical index/],
      ['a JSON file', () => damaged(() => Buffer.from(JSON.stringify(data))), /is not a lexical index/],
      ['an older format version', () => damaged((bytes) => void bytes.writeUInt32LE(1, 8)), /has format version 1; this version reads 2/],
      ['a newer format version', () => damaged((bytes) => void bytes.writeUInt32LE(3, 8)), /has format version 3; this version reads 2/],
      [
        'a posting count one too high',
        () => damaged((bytes) => void bytes.writeUInt32LE(bytes.readUInt32LE(40) + 1, 40)),
        /is truncated: \d+ bytes where its header describes \d+/,
      ],
      [
        'a chunk count one too low',
        () => damaged((bytes) => void bytes.writeUInt32LE(bytes.readUInt32LE(32) - 1, 32)),
        /is corrupt: \d+ bytes where its header describes \d+/,
      ],
      ['a term count of 4 billion', () => damaged((bytes) => void bytes.writeUInt32LE(0xffff_fff0, 36)), /is truncated/],
      [
        'one flipped bit in the postings',
        () => damaged((bytes) => flipBit(bytes, sectionOffset(bytes, 3) + 9)),
        /is corrupt: its checksum does not match its contents/,
      ],
      ['one flipped bit in the terms', () => damaged((bytes) => flipBit(bytes, sectionOffset(bytes, 1) + 2)), /checksum does not match/],
      ['a changed BM25 setting', () => damaged((bytes) => void bytes.writeDoubleLE(-1, 16), { fixChecksum: true }), /is corrupt: BM25 settings k1 -1/],
      ['reserved bytes set', () => damaged((bytes) => void bytes.writeUInt32LE(7, 56)), /reserved header bytes are not zero/],
      // With the checksum recomputed, only the structural checks stand between the file and a wrong index.
      [
        'a chunk index past the last chunk (checksum fixed)',
        () => damaged((bytes) => void bytes.writeUInt32LE(400, sectionOffset(bytes, 3)), { fixChecksum: true }),
        /is corrupt: posting 0 \(chunk 400, frequency \d+\) is out of range or out of order \(400 chunks\)/,
      ],
      [
        'unsorted postings (checksum fixed)',
        () =>
          damaged(
            (bytes) => {
              // Swap the first two postings of the first term that has two.
              const offsets = sectionOffset(bytes, 2);
              let term = 0;
              while (bytes.readUInt32LE(offsets + 4 * (term + 1)) - bytes.readUInt32LE(offsets + 4 * term) < 2) term += 1;
              const start = sectionOffset(bytes, 3) + 4 * bytes.readUInt32LE(offsets + 4 * term);
              const first = bytes.readUInt32LE(start);
              bytes.writeUInt32LE(bytes.readUInt32LE(start + 4), start);
              bytes.writeUInt32LE(first, start + 4);
            },
            { fixChecksum: true },
          ),
        /is corrupt: posting \d+ .* out of order/,
      ],
      [
        'a zero frequency (checksum fixed)',
        () => damaged((bytes) => void bytes.writeUInt32LE(0, sectionOffset(bytes, 4)), { fixChecksum: true }),
        /is corrupt: posting 0 \(chunk \d+, frequency 0\)/,
      ],
      [
        'offsets past the postings (checksum fixed)',
        () => damaged((bytes) => void bytes.writeUInt32LE(0x7fff_ffff, sectionOffset(bytes, 2) + 4), { fixChecksum: true }),
        /is corrupt: term 0's postings are empty or run past the end/,
      ],
      [
        'offsets that do not end at the postings (checksum fixed)',
        () => damaged((bytes) => void bytes.writeUInt32LE(5, sectionOffset(bytes, 2)), { fixChecksum: true }),
        /term offsets do not span the postings/,
      ],
      [
        'a term listed twice (checksum fixed)',
        () =>
          damaged(
            (bytes) => {
              // Overwrite the second term with the first when they have the same byte length.
              const start = sectionOffset(bytes, 1);
              const terms = bytes.toString('utf8', start, start + bytes.readUInt32LE(48)).split('\n');
              const at = terms.findIndex((term, index) => index > 0 && Buffer.byteLength(term) === Buffer.byteLength(terms[0] ?? ''));
              if (at < 0) throw new Error('no two terms of one length');
              const offset = start + Buffer.byteLength(terms.slice(0, at).join('\n')) + 1;
              bytes.write(terms[0] ?? '', offset, 'utf8');
            },
            { fixChecksum: true },
          ),
        /is corrupt: a term is listed twice/,
      ],
      ['missing', () => path.join(workDir, 'no-such-lexical.bin'), /is missing/],
    ];

    it.each(cases)('%s', (_name, make, message) => {
      const file = make();
      let thrown: unknown;
      try {
        LexicalIndex.load(file);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as Error).message.startsWith(`index file ${file} `)).toBe(true);
    });
  });

  it('decodes bytes read by the caller the same way, naming the file given', () => {
    const file = savedFile();
    expect(LexicalIndex.decode(readFileSync(file), file).search(queries[0] ?? [])).toEqual(built.search(queries[0] ?? []));
    // A buffer that is not 4-byte aligned (a slice of a larger one) is copied, not misread.
    const bytes = readFileSync(file);
    const shifted = Buffer.alloc(bytes.length + 1);
    bytes.copy(shifted, 1);
    expect(LexicalIndex.decode(shifted.subarray(1), 'shifted.bin').search(queries[1] ?? [])).toEqual(built.search(queries[1] ?? []));
    expect(() => LexicalIndex.decode(bytes.subarray(0, 100), 'cut.bin')).toThrow(/^index file cut\.bin is truncated/);
  });
});
