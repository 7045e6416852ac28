import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../src/ingest/clean-document.ts';
import { extractDocument } from '../../src/ingest/extract/extract-document.ts';
import type { SourceDocument } from '../../src/index-store/source-document.ts';
import { splitDocument } from '../../src/ingest/split-text.ts';
import { yearbookPdf } from '../fixtures/make-pdf-fixtures.ts';
import { yearbookChapter } from '../fixtures/yearbook-excerpts.ts';

const source = (kind: SourceDocument['kind'], slug = 'guide'): SourceDocument => ({
  file: `${slug}.md`,
  slug,
  title: { zh: '园区办事指南', en: 'SIP Service Guide' },
  kind,
  period: '2024',
  year: 2024,
  published: '2024',
  script: 'simplified',
  contacts: 'organisational',
  cleaning: { sections: [], runningHeaders: [] },
});

/** Numbered sentences, so which ones a chunk holds can be read off its text. */
const sentences = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => `${prefix}第${index + 1}条规定的内容是园区企业可以在线办理相关手续并按时提交材料。`).join('');

async function chunksOf(markdown: string, kind: SourceDocument['kind'] = 'news') {
  const extracted = await extractDocument({ bytes: Buffer.from(markdown), fileName: 'guide.md', maxBytes: 1e6 });
  return splitDocument(cleanDocument(extracted.text, source(kind), { structured: true }));
}

describe('splitDocument: extracted documents without 【】 entries', () => {
  it('splits by headings first: each chunk carries the headings above it as its section path', async () => {
    const chunks = await chunksOf(
      '# 园区办事指南\n\n## 企业开办\n\n### 营业执照\n\n登录政务服务网申请营业执照。\n\n### 刻制印章\n\n执照办好后可同步刻章。\n\n## 税务登记\n\n新办企业三十日内办理税务登记。\n',
    );
    expect(chunks.map((chunk) => [chunk.section, chunk.title, chunk.text])).toEqual([
      [['园区办事指南', '企业开办', '营业执照'], '营业执照', '登录政务服务网申请营业执照。'],
      [['园区办事指南', '企业开办', '刻制印章'], '刻制印章', '执照办好后可同步刻章。'],
      [['园区办事指南', '税务登记'], '税务登记', '新办企业三十日内办理税务登记。'],
    ]);
    expect(chunks.map((chunk) => chunk.id)).toEqual(['guide#1', 'guide#2', 'guide#3']);
  });

  it('then by size at sentence boundaries, each further chunk starting with the last sentences of the one before (at most 120 characters)', async () => {
    const chunks = await chunksOf(`# 园区办事指南\n\n## 审批规定\n\n${sentences('', 24)}\n`);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.section).toEqual(['园区办事指南', '审批规定']);
      expect(chunk.text.length).toBeLessThanOrEqual(700);
    }
    const numbers = (text = '') => [...text.matchAll(/第(\d+)条/g)].map((match) => Number(match[1]));
    for (let index = 1; index < chunks.length; index += 1) {
      const before = numbers(chunks[index - 1]?.text);
      const after = numbers(chunks[index]?.text);
      const overlap = after.filter((number) => before.includes(number));
      // The overlap is the previous chunk's tail, at the head of this one.
      expect(overlap.length).toBeGreaterThan(0);
      expect(overlap).toEqual(before.slice(-overlap.length));
      expect(after.slice(0, overlap.length)).toEqual(overlap);
      expect(overlap.length * 31).toBeLessThanOrEqual(120);
    }
    // Every sentence is in some chunk.
    const all = chunks.map((chunk) => chunk.text).join('');
    for (let number = 1; number <= 24; number += 1) expect(all).toContain(`第${number}条`);
  });

  it('English paragraphs keep a space between them', async () => {
    const chunks = await chunksOf('# Guide\n\n## Housing\n\nTalents receive a subsidy.\n\nApply online within a year.\n');
    expect(chunks[0]?.text).toBe('Talents receive a subsidy. Apply online within a year.');
  });

  it('a yearbook PDF keeps the 【】 rule: one chunk per entry under its section', async () => {
    const extracted = await extractDocument({ bytes: await yearbookPdf(), fileName: 'y.pdf', maxBytes: 1e7 });
    const yearbook: SourceDocument = {
      ...source('yearbook', 'yb'),
      chapter: yearbookChapter.title,
      cleaning: { sections: [yearbookChapter.overviewSection, yearbookChapter.bioSection, yearbookChapter.nanoSection], runningHeaders: [] },
    };
    const chunks = splitDocument(cleanDocument(extracted.text, yearbook, { structured: true }));
    expect(chunks.map((chunk) => chunk.section)).toEqual([
      [yearbookChapter.title, yearbookChapter.overviewSection, '【概况】'],
      [yearbookChapter.title, yearbookChapter.overviewSection, '【2020全球人工智能产品应用博览会举办】'],
      [yearbookChapter.title, yearbookChapter.bioSection, '【概况】'],
      [yearbookChapter.title, yearbookChapter.bioSection, yearbookChapter.boruiTitle],
      [yearbookChapter.title, yearbookChapter.nanoSection, '【概况】'],
    ]);
    expect(chunks[3]?.text).toBe(yearbookChapter.borui);
  });
});
