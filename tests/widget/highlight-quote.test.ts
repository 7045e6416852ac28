import { describe, expect, it } from 'vitest';
import { quoteRanges } from '../../src/widget/highlight-quote.ts';

const passage =
  '2020年，园区三大新兴产业企业总计3150家。生物医药产业方面，对重点企业加强服务。全年实现产值1022亿元，新增一类新药临床批件100个；新增三类医疗器械注册证45张。';
const slice = (range: { start: number; end: number }) => passage.slice(range.start, range.end);

describe('quoteRanges', () => {
  it('finds a verbatim quote as one range', () => {
    expect(quoteRanges(passage, '全年实现产值1022亿元，新增一类新药临床批件100个；').map(slice)).toEqual(['全年实现产值1022亿元，新增一类新药临床批件100个；']);
  });

  it('finds sentences the engine joined from different places, clause by clause, in passage order', () => {
    // As the engine quotes it: a later clause first, then the opening sentence.
    const quote = '全年实现产值1022亿元，新增一类新药临床批件100个；2020年，园区三大新兴产业企业总计3150家。';
    expect(quoteRanges(passage, quote).map(slice)).toEqual(['2020年，园区三大新兴产业企业总计3150家。', '全年实现产值1022亿元，新增一类新药临床批件100个；']);
  });

  it('merges overlapping and adjacent pieces, and ignores clauses too short to mean anything', () => {
    expect(quoteRanges(passage, '新增一类新药临床批件100个；新增三类医疗器械注册证45张。').map(slice)).toEqual([
      '新增一类新药临床批件100个；新增三类医疗器械注册证45张。',
    ]);
    expect(quoteRanges(passage, '年；')).toEqual([]);
    expect(quoteRanges(passage, '  ')).toEqual([]);
    expect(quoteRanges(passage, '不在原文中的句子。')).toEqual([]);
  });

  it('tolerates a quote whose final punctuation differs from the passage', () => {
    expect(quoteRanges(passage, '新增三类医疗器械注册证45张；').map(slice)).toEqual(['新增三类医疗器械注册证45张']);
  });

  it('finds English sentences joined from different places, keeping decimals whole', () => {
    const english =
      'In 2020, the three industries had 3,150 companies. The park served key companies. Output was 102.2 billion yuan. It added 45 device licences.';
    const ranges = quoteRanges(english, 'In 2020, the three industries had 3,150 companies. Output was 102.2 billion yuan.');
    expect(ranges.map((range) => english.slice(range.start, range.end))).toEqual([
      'In 2020, the three industries had 3,150 companies.',
      'Output was 102.2 billion yuan.',
    ]);
  });
});
