import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aliasTokenizerWords, chunkTextHash, readEnrichmentFile, type EnrichmentRecord } from '../../src/enrichment/enrichment-record.ts';
import { createTokenizer } from '../../src/text/tokenize.ts';

describe('readEnrichmentFile', () => {
  it('reads every shipped enrichment file without a problem', async () => {
    const folder = join(import.meta.dirname, '../../corpus/enrichment');
    const files = (await readdir(folder)).filter((name) => name.endsWith('.jsonl'));
    expect(files.length).toBe(5);
    for (const name of files) {
      const { records, problems } = await readEnrichmentFile(join(folder, name));
      expect(problems, name).toEqual([]);
      expect(records.length, name).toBeGreaterThan(0);
    }
  });

  it('names the line of a malformed entry and keeps the good ones', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'enrichment-'));
    const file = join(folder, 'doc.jsonl');
    const good = { id: 'doc#1', hash: chunkTextHash('园区。'), titleEn: 'Park', sentences: [{ zh: '园区。', en: 'The park.' }], questions: { zh: [], en: [] } };
    await writeFile(file, [JSON.stringify(good), '{oops', JSON.stringify({ ...good, hash: 'XYZ' })].join('\n'));
    const { records, problems } = await readEnrichmentFile(file);
    expect(records.map((record) => record.id)).toEqual(['doc#1']);
    expect(problems.map((problem) => problem.line)).toEqual([2, 3]);
    expect(problems[1]?.message).toMatch(/hash must be 16 lowercase hex/);
  });
});

describe('chunkTextHash', () => {
  it('is the first 16 hex digits of the SHA-256 of the text', () => {
    expect(chunkTextHash('')).toBe('e3b0c44298fc1c14');
  });
});

describe('aliasTokenizerWords', () => {
  const record = (aliases: string[][]): EnrichmentRecord =>
    ({
      id: 'doc#1',
      hash: chunkTextHash('园区。'),
      titleEn: 'Park',
      sentences: [{ zh: '园区。', en: 'The park.' }],
      questions: { zh: [], en: [] },
      aliases,
    }) as EnrichmentRecord;

  it('keeps the short Chinese names whole, not long ones, Latin ones or mixed ones', () => {
    const words = aliasTokenizerWords([
      record([
        ['生物医药及大健康企业', '医药企业', '药企', 'drug makers'],
        ['港交所', 'HKEX'],
      ]),
      record([
        ['地区生产总值', 'GDP'],
        ['PCSK9抑制剂', 'PCSK9 inhibitor'],
        ['“十四五”', '十四五', '药企'],
      ]),
    ]);
    expect(words).toEqual(['药企', '港交所', '十四五']);
  });

  it('makes jieba cut 「有多少家药企」 at the name instead of into 家药企', () => {
    const question = '园区有多少家药企？';
    expect(createTokenizer().words(question)).not.toContain('药企');
    expect(createTokenizer({ userWords: aliasTokenizerWords([record([['药企', 'drug makers']])]) }).words(question)).toContain('药企');
  });
});
