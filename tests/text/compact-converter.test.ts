import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { toTraditional } from '../../src/text/chinese-script.ts';
import { compactConverter } from '../../src/text/compact-converter.ts';

const corpusDir = fileURLToPath(new URL('../../corpus', import.meta.url));
const enrichmentDir = join(corpusDir, 'enrichment');
// Every document's raw text, and every line of the enrichment data (Chinese questions and aliases among them).
const texts = [
  ...readdirSync(corpusDir)
    .filter((name) => name.endsWith('.txt'))
    .map((name) => readFileSync(join(corpusDir, name), 'utf8')),
  ...readdirSync(enrichmentDir)
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => readFileSync(join(enrichmentDir, name), 'utf8').split('\n')),
  readFileSync(join(corpusDir, 'glossary.json'), 'utf8'),
];

describe('compactConverter (OpenCC conversion over a compact table)', () => {
  const reference = OpenCC.Converter({ from: 'cn', to: 't' });

  it('writes every document, enrichment line and glossary entry exactly as opencc-js does (simplified → traditional)', () => {
    const differing = texts.filter((text) => toTraditional(text, 't') !== reference(text));
    expect(texts.length).toBeGreaterThan(50);
    expect(differing.map((text) => text.slice(0, 60))).toEqual([]);
  });

  it('matches opencc-js on the edge cases of its longest match: phrases over characters, astral characters, description sequences', () => {
    const cases = [
      '头发和发展', // 头发 → 頭髮 (phrase) but 发展 → 發展
      '干净的乾隆年间', // 乾 kept, 干净 → 乾淨
      '一了百当，一丝不挂', // phrases at the start of the table
      '𠮷野家的面条', // an astral character before a convertible one
      '⿰氵干的干部', // an ideographic description sequence is skipped whole
      '⿰', // a description character with no operands after it
      '', // nothing
      '\uf900\uf901车', // CJK compatibility ideographs (豈 更) are normalised first
      'PN结和SQL注入攻击', // the second phrase table (OpenCC's STPhrases additions)
      'SIP 2024年 GDP 3686亿元',
    ];
    for (const text of cases) expect(toTraditional(text, 't'), text).toBe(reference(text));
  });

  it('applies a group like opencc-js: the first dictionary of a group wins, the last entry of a dictionary wins, groups chain', () => {
    const convert = compactConverter(['ab X|a Y', 'ab Z|b W|b V'], ['X Q']);
    // "ab" is in both dictionaries: the first wins (X), and the next group turns X into Q.
    expect(convert('abc')).toBe('Qc');
    // "b" twice in the second dictionary: the later entry wins, as in opencc-js's trie.
    expect(convert('b')).toBe('V');
    const viaOpenCC = OpenCC.ConverterFactory(['ab X|a Y', 'ab Z|b W|b V'] as never, ['X Q'] as never);
    expect(viaOpenCC('abc')).toBe('Qc');
    expect(viaOpenCC('b')).toBe('V');
  });

  it('rejects a malformed dictionary entry instead of converting with a hole in the table', () => {
    expect(() => compactConverter(['ab'])).toThrow(/without a replacement: ab/);
  });
});
