import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChunks } from '../../src/ingest/build-index.ts';
import { IndexFileError } from '../../src/index-store/index-files.ts';
import { decodeUtf8, parseChunks, readChunks } from '../../src/index-store/read-chunks.ts';
import { readInBackground } from '../../src/index-store/read-in-background.ts';

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'read-chunks-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

const { chunks } = buildChunks(path.resolve('corpus'));
const jsonl = `${chunks.map((chunk) => JSON.stringify(chunk)).join('\n')}\n`;

describe('decodeUtf8', () => {
  it('gives the string V8 gives, for Chinese, Latin, astral characters, and damaged bytes', () => {
    const text = `${'园区生物医药产业产值1022亿元，Suzhou Industrial Park — 𠀀𝄞 é\n'.repeat(400)}`;
    const bytes = Buffer.from(text);
    expect(bytes.length).toBeGreaterThan(4096);
    expect(decodeUtf8(bytes)).toBe(text);
    // Cut inside a character, and invalid bytes: ICU refuses them, the V8 decoder's U+FFFD are used.
    for (let cut = bytes.length - 8; cut < bytes.length; cut += 1) expect(decodeUtf8(bytes.subarray(0, cut))).toBe(bytes.subarray(0, cut).toString('utf8'));
    const broken = Buffer.concat([bytes.subarray(0, 5000), Buffer.from([0xff, 0xfe, 0xc3]), bytes.subarray(5000)]);
    expect(decodeUtf8(broken)).toBe(broken.toString('utf8'));
    expect(decodeUtf8(broken)).toContain('\ufffd');
    expect(decodeUtf8(Buffer.from('短'))).toBe('短');
  });
});

describe('readChunks', () => {
  it('reads back every chunk as written', () => {
    const file = path.join(workDir, 'chunks.jsonl');
    writeFileSync(file, jsonl);
    expect(chunks.length).toBeGreaterThan(50);
    expect(readChunks(file)).toEqual(chunks);
    expect(parseChunks(Buffer.from(jsonl.replaceAll('\n', '\r\n')), 'crlf')).toEqual(chunks);
  });

  it('names the file and the line of a file cut short, and a missing file', () => {
    const file = path.join(workDir, 'cut.jsonl');
    const bytes = Buffer.from(jsonl);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const line = bytes
      .subarray(0, Math.floor(bytes.length / 2))
      .toString('utf8')
      .split('\n').length;
    expect(() => readChunks(file, 'chunks.jsonl')).toThrow(new RegExp(`^index file chunks\\.jsonl is truncated or corrupt at line ${line}$`));
    expect(() => readChunks(path.join(workDir, 'none.jsonl'))).toThrow(IndexFileError);
    expect(() => readChunks(path.join(workDir, 'none.jsonl'), 'chunks.jsonl')).toThrow(/^index file chunks\.jsonl is missing$/);
  });
});

describe('readInBackground', () => {
  it('reads a whole file into its own aligned buffer, an empty one, and rejects a missing one', async () => {
    const file = path.join(workDir, 'big.bin');
    const bytes = Buffer.alloc(3 * 2 ** 20 + 3, 0);
    for (let position = 0; position < bytes.length; position += 997) bytes[position] = position % 251;
    writeFileSync(file, bytes);
    const read = await readInBackground(file);
    expect(read.equals(readFileSync(file))).toBe(true);
    expect(read.byteOffset % 4).toBe(0);
    writeFileSync(path.join(workDir, 'empty.bin'), '');
    expect((await readInBackground(path.join(workDir, 'empty.bin'))).length).toBe(0);
    await expect(readInBackground(path.join(workDir, 'missing.bin'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
