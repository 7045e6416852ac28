import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIN_FREQUENCY, readJiebaDictionary, smallerJiebaDictionary } from '../../src/text/jieba-dictionary.ts';
import { createTokenizer } from '../../src/text/tokenize.ts';

const total = (dictionary: string) =>
  dictionary
    .split('\n')
    .filter(Boolean)
    .reduce((sum, line) => sum + Number(line.split(' ')[1]), 0);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sip-jieba-dict-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("jieba's smaller dictionary", () => {
  it('keeps common words, place and organisation names and Latin words, and keeps the total frequency', () => {
    const full = ['常见词 50 n', '罕见词 3 n', '苏州高新区 2 ns', '某研究会 1 nt', '张某某 2 nr', 'B超 3 n', `边界词 ${MIN_FREQUENCY} v`, ''].join('\n');
    const smaller = smallerJiebaDictionary(full);
    const words = smaller
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ')[0]);
    expect(words).toEqual(['常见词', '苏州高新区', '某研究会', 'B超', '边界词', '\uE000']);
    expect(total(smaller)).toBe(total(full));
  });

  it('holds under half of the installed dictionary, and the same total', () => {
    const full = readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt'), 'utf8');
    const smaller = smallerJiebaDictionary(full);
    const count = (text: string) => text.split('\n').filter(Boolean).length;
    expect(count(smaller) / count(full)).toBeLessThan(0.5);
    expect(total(smaller)).toBe(total(full));
  });

  it('is made once into the cache folder and read from it after', async () => {
    // One made by another rule is removed when the new one is written.
    await writeFile(join(dir, 'dict-small-0000000000000000.txt'), '旧词 100 n\n');
    const first = readJiebaDictionary(dir);
    const [file] = await readdir(dir);
    expect(file).toMatch(/^dict-small-[0-9a-f]{16}\.txt$/);
    // What the folder holds is what the next start reads.
    await writeFile(join(dir, file as string), '缓存词 100 n\n');
    expect(readJiebaDictionary(dir).toString('utf8')).toBe('缓存词 100 n\n');
    expect(first.length).toBeGreaterThan(1_000_000);
  });

  it('is made in memory where the cache folder cannot be made', async () => {
    // A file where the folder should be: no user, root included, can make a folder there.
    const blocked = join(dir, 'blocked');
    await writeFile(blocked, '');
    const made = readJiebaDictionary(join(blocked, 'jieba'));
    expect(made.toString('utf8').split('\n').length).toBeGreaterThan(100_000);
  });

  it('still cuts the names the answers depend on as one word', () => {
    const tokenizer = createTokenizer();
    expect(tokenizer.words('苏州高新区的地区生产总值是多少')).toContain('苏州高新区');
    expect(tokenizer.words('生物医药产业和纳米技术的发明专利')).toEqual(expect.arrayContaining(['生物医药', '纳米技术', '发明专利']));
    expect(tokenizer.tagged('苏州高新区').find(({ word }) => word === '苏州高新区')?.tag).toBe('ns');
  });
});
