import os from 'node:os';
import { crc32 } from 'node:zlib';
import { IndexFileError } from '../index-store/index-files.ts';
import type { LexicalSettings } from './lexical-types.ts';

/**
 * `index/lexical.bin`: the packed lexical index in one little-endian file whose arrays are used in place
 * on load (no parsing, no copy). Layout (every section starts on a 4-byte boundary):
 *
 * | offset | bytes | what |
 * |---:|---:|---|
 * | 0 | 8 | magic `SIPLEXIX` |
 * | 8 | 4 | u32 format version (2; version 1 was the benchmark's `SIPLEX01` proposal) |
 * | 12 | 4 | u32 CRC-32 of every byte after the header |
 * | 16 | 8 | f64 BM25 k1 |
 * | 24 | 8 | f64 BM25 b |
 * | 32 | 4 | u32 N, chunks |
 * | 36 | 4 | u32 T, terms |
 * | 40 | 4 | u32 P, postings (chunk, term) pairs |
 * | 44 | 4 | u32 I, bytes of chunk ids |
 * | 48 | 4 | u32 J, bytes of terms |
 * | 52 | 12 | zero (reserved) |
 * | 64 | I, padded | chunk ids, UTF-8, separated by `\n`, in chunks.jsonl order |
 * | | J, padded | terms, UTF-8, separated by `\n` |
 * | | 4·(T+1) | u32 offsets: term t's postings are [offsets[t], offsets[t+1]) |
 * | | 4·P | u32 chunk indexes, ascending within a term |
 * | | 4·P | u32 term frequencies (≥ 1) |
 * | | 4·N | u32 tokens per chunk (BM25 length) |
 *
 * decodeLexicalFile refuses — with an error naming the file — anything that is not exactly that: a
 * short or long file (the counts give the exact length), another magic or version, a checksum
 * mismatch, or postings that are out of bounds, unsorted or empty. A damaged file is never read past
 * its end nor served as a silently different index.
 */
export const LEXICAL_FILE_MAGIC = 'SIPLEXIX';
export const LEXICAL_FILE_VERSION = 2;
const HEADER_BYTES = 64;
const SEPARATOR = '\n';

/** The arrays of a packed lexical index (see PackedLexicalIndex). */
export interface PackedLexicalParts {
  settings: LexicalSettings;
  ids: string[];
  terms: string[];
  offsets: Uint32Array;
  chunkIndexes: Uint32Array;
  frequencies: Uint32Array;
  lengths: Uint32Array;
}

/** A lexical.bin that cannot be used; the message names the file and what is wrong with it. */
export class LexicalFileError extends IndexFileError {
  constructor(file: string, problem: string) {
    super(file, problem);
    this.name = 'LexicalFileError';
  }
}

const pad4 = (bytes: number) => Math.ceil(bytes / 4) * 4;

function requireLittleEndian(file: string): void {
  // Typed arrays use the machine's byte order; the file is little-endian (x64, arm64).
  if (os.endianness() !== 'LE') throw new LexicalFileError(file, 'is little-endian and this machine is big-endian');
}

function joinStrings(file: string, kind: string, values: readonly string[]): Buffer {
  for (const value of values) {
    if (value.includes(SEPARATOR)) throw new LexicalFileError(file, `cannot hold the ${kind} ${JSON.stringify(value.slice(0, 40))}: it contains a line break`);
  }
  return Buffer.from(values.join(SEPARATOR), 'utf8');
}

function splitStrings(text: string, count: number): string[] {
  return count === 0 ? [] : text.split(SEPARATOR);
}

/** The file's bytes. */
export function encodeLexicalFile(parts: PackedLexicalParts, file = 'lexical.bin'): Buffer {
  requireLittleEndian(file);
  const { settings, ids, terms, offsets, chunkIndexes, frequencies, lengths } = parts;
  const idBytes = joinStrings(file, 'chunk id', ids);
  const termBytes = joinStrings(file, 'term', terms);
  const arrays = [offsets, chunkIndexes, frequencies, lengths];
  const total = HEADER_BYTES + pad4(idBytes.length) + pad4(termBytes.length) + arrays.reduce((sum, array) => sum + array.byteLength, 0);
  const counts = [ids.length, terms.length, chunkIndexes.length, idBytes.length, termBytes.length];
  if (counts.some((count) => count > 0xffff_ffff)) throw new LexicalFileError(file, 'cannot hold an index this large (a count exceeds 32 bits)');
  const buffer = Buffer.alloc(total);
  let position = HEADER_BYTES;
  idBytes.copy(buffer, position);
  position += pad4(idBytes.length);
  termBytes.copy(buffer, position);
  position += pad4(termBytes.length);
  for (const array of arrays) {
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(buffer, position);
    position += array.byteLength;
  }
  buffer.write(LEXICAL_FILE_MAGIC, 0, 'latin1');
  buffer.writeUInt32LE(LEXICAL_FILE_VERSION, 8);
  buffer.writeDoubleLE(settings.k1, 16);
  buffer.writeDoubleLE(settings.b, 24);
  counts.forEach((count, index) => buffer.writeUInt32LE(count, 32 + index * 4));
  buffer.writeUInt32LE(crc32(buffer.subarray(HEADER_BYTES)), 12);
  return buffer;
}

/** Checks every part of a lexical.bin's bytes and returns its arrays as views over them. */
export function decodeLexicalFile(bytes: Buffer, file: string): PackedLexicalParts {
  requireLittleEndian(file);
  if (bytes.length < HEADER_BYTES) {
    if (bytes.length >= 8 && bytes.toString('latin1', 0, 8) !== LEXICAL_FILE_MAGIC)
      throw new LexicalFileError(file, 'is not a lexical index (wrong magic bytes)');
    throw new LexicalFileError(file, `is truncated: ${bytes.length} bytes, shorter than its ${HEADER_BYTES}-byte header`);
  }
  if (bytes.toString('latin1', 0, 8) !== LEXICAL_FILE_MAGIC) throw new LexicalFileError(file, 'is not a lexical index (wrong magic bytes)');
  const version = bytes.readUInt32LE(8);
  if (version !== LEXICAL_FILE_VERSION) throw new LexicalFileError(file, `has format version ${version}; this version reads ${LEXICAL_FILE_VERSION}`);
  const [chunkCount, termCount, postingCount, idByteCount, termByteCount] = [0, 1, 2, 3, 4].map((index) => bytes.readUInt32LE(32 + index * 4)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const expected = HEADER_BYTES + pad4(idByteCount) + pad4(termByteCount) + 4 * (termCount + 1) + 8 * postingCount + 4 * chunkCount;
  if (bytes.length < expected) throw new LexicalFileError(file, `is truncated: ${bytes.length} bytes where its header describes ${expected}`);
  if (bytes.length > expected) throw new LexicalFileError(file, `is corrupt: ${bytes.length} bytes where its header describes ${expected}`);
  for (let position = 52; position < HEADER_BYTES; position += 4) {
    if (bytes.readUInt32LE(position) !== 0) throw new LexicalFileError(file, 'is corrupt: reserved header bytes are not zero');
  }
  if (crc32(bytes.subarray(HEADER_BYTES)) !== bytes.readUInt32LE(12)) throw new LexicalFileError(file, 'is corrupt: its checksum does not match its contents');
  const k1 = bytes.readDoubleLE(16);
  const b = bytes.readDoubleLE(24);
  if (!(Number.isFinite(k1) && k1 >= 0 && b >= 0 && b <= 1)) throw new LexicalFileError(file, `is corrupt: BM25 settings k1 ${k1}, b ${b}`);

  let position = HEADER_BYTES;
  const ids = splitStrings(bytes.toString('utf8', position, position + idByteCount), chunkCount);
  position += pad4(idByteCount);
  const terms = splitStrings(bytes.toString('utf8', position, position + termByteCount), termCount);
  position += pad4(termByteCount);
  if (ids.length !== chunkCount) throw new LexicalFileError(file, `is corrupt: ${ids.length} chunk ids where its header says ${chunkCount}`);
  if (terms.length !== termCount) throw new LexicalFileError(file, `is corrupt: ${terms.length} terms where its header says ${termCount}`);

  // Typed-array views need 4-byte alignment; readFileSync gives a file its own buffer at offset 0.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
  position += aligned.byteOffset;
  const take = (length: number): Uint32Array => {
    const view = new Uint32Array(aligned.buffer, position, length);
    position += length * 4;
    return view;
  };
  const parts: PackedLexicalParts = {
    settings: { k1, b },
    ids,
    terms,
    offsets: take(termCount + 1),
    chunkIndexes: take(postingCount),
    frequencies: take(postingCount),
    lengths: take(chunkCount),
  };
  const problem = postingsProblem(parts);
  if (problem !== null) throw new LexicalFileError(file, `is corrupt: ${problem}`);
  return parts;
}

/** What is structurally wrong with the postings (null when nothing): search() then never reads out of bounds. */
export function postingsProblem({
  ids,
  offsets,
  chunkIndexes,
  frequencies,
}: Pick<PackedLexicalParts, 'ids' | 'offsets' | 'chunkIndexes' | 'frequencies'>): string | null {
  const termCount = offsets.length - 1;
  if (offsets[0] !== 0 || offsets[termCount] !== chunkIndexes.length) return 'term offsets do not span the postings';
  const bad = firstBadPosting(offsets, chunkIndexes, frequencies, ids.length);
  if (bad === -1) return null;
  if (bad < 0) return `term ${-bad - 2}'s postings are empty or run past the end`;
  return `posting ${bad} (chunk ${chunkIndexes[bad]}, frequency ${frequencies[bad]}) is out of range or out of order (${ids.length} chunks)`;
}

/**
 * −1 when every term has postings, in bounds, with ascending chunk indexes below `chunkCount` and
 * frequencies ≥ 1; else the first bad posting's position, or −2 − term for a term whose range is bad.
 * (No strings are built inside the loop: a template literal there made it eight times slower.)
 */
function firstBadPosting(offsets: Uint32Array, chunkIndexes: Uint32Array, frequencies: Uint32Array, chunkCount: number): number {
  const termCount = offsets.length - 1;
  const postingCount = chunkIndexes.length;
  for (let term = 0; term < termCount; term += 1) {
    const start = offsets[term] as number;
    const end = offsets[term + 1] as number;
    if (end <= start || end > postingCount) return -2 - term;
    let previous = -1;
    for (let position = start; position < end; position += 1) {
      const chunkIndex = chunkIndexes[position] as number;
      if (chunkIndex <= previous || chunkIndex >= chunkCount || frequencies[position] === 0) return position;
      previous = chunkIndex;
    }
  }
  return -1;
}
