import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NumberedPassage } from '../../src/generation/generator.ts';
import { extractNumbers, splitSentences, verifyCitations } from '../../src/generation/verify-citations.ts';

function passage(n: number, text: string, { year = 2020, title = '【概况】', section = ['新兴产业', '综述'] } = {}): NumberedPassage {
  return {
    n,
    id: `yearbook-${year}-emerging#${n}`,
    title,
    section,
    year,
    text,
    documentTitle: { zh: `苏州工业园区年鉴${year + 1}`, en: `SIP Yearbook ${year + 1}` },
  };
}

// Real sentences from the corpus (yearbook 2021 and a 2022 web article), lightly trimmed.
const overview = passage(
  1,
  '2020年, 园区生物医药、纳米技术应用、人工智能三大新兴产业企业总计3150家, 实现产值2494亿元, 增长21.9%。生物医药产业方面, 对头部企业实行“一企一策”精准支持。全年实现产值1022亿元, 新增一类新药临床批件100个, 比上年翻一番, 累计280个。',
);
const nanoExpo = passage(
  2,
  '2020年10月28—30日, 第十一届中国国际纳米技术产业博览会在园区举办。展区面积1.8万平方米; 参展、参会企业2000余家, 包括德国博世、美国霍尼韦尔等。',
  { title: '【纳博会】', section: ['新兴产业', '纳米技术应用产业'] },
);
const article2021 = passage(3, '目前,园区聚集各类生物医药企业超2000家,2021年生物医药产业产值达1177亿元;生物药领域上市企业和创新型龙头企业85家。', {
  year: 2022,
  title: '',
  section: ['园区新闻'],
});
const passages = [overview, nanoExpo, article2021];

describe('extractNumbers', () => {
  it.each([
    ['1022亿元', [102_200_000_000]],
    ['102.2 billion yuan', [102_200_000_000]],
    ['3,150 companies', [3150]],
    ['3150家', [3150]],
    ['1.8万平方米', [18_000]],
    ['18,000 m²', [18_000]],
    ['增长21.9%', [0.219]],
    ['grew 21.9 percent', [0.219]],
    ['增长２１．９％', [0.219]],
    ['650亿余元', [65_000_000_000]],
    ['2万亿', [2_000_000_000_000]],
    ['100 million yuan', [100_000_000]],
    ['两千余家', [2000]],
    ['一百五十万', [1_500_000]],
    ['百分之二十', [0.2]],
    ['第十一届纳博会', [11]],
    ['主导两项国家标准', [2]],
    ['列全国第二', [2]],
  ])('%s → %j', (text, expected) => {
    expect(extractNumbers(text)).toEqual(expected);
  });

  it('reads 102.2 billion and 1022亿 as the same value', () => {
    expect(extractNumbers('Biomedicine output reached 102.2 billion yuan')).toEqual(extractNumbers('全年实现产值1022亿元'));
  });

  it('skips set phrases, codes and citation markers', () => {
    expect(extractNumbers('一企一策, 十四五规划, 翻一番, 一带一路')).toEqual([]);
    expect(extractNumbers('CO2 and m2')).toEqual([]);
    expect(extractNumbers('产值1022亿元 [1][2]【3】')).toEqual([102_200_000_000]);
  });

  it('does not glue two numbers separated by a Chinese comma, and reads one after a bare comma', () => {
    expect(extractNumbers('新增12，累计280个')).toEqual([12, 280]);
    expect(extractNumbers('超2000家,2021年产值达1177亿元')).toEqual([2000, 2021, 117_700_000_000]);
  });
});

describe('splitSentences', () => {
  it('keeps decimals, abbreviations and trailing markers inside a sentence', () => {
    expect(splitSentences('Output grew 21.9% in 2020 [1]. Innovent Co. Ltd. is in the U.S. list. [2] Done!', 'en')).toEqual([
      'Output grew 21.9% in 2020 [1]. ',
      'Innovent Co. Ltd. is in the U.S. list. [2] ',
      'Done!',
    ]);
  });

  it('splits Chinese at 。！？ and keeps markers written after the stop', () => {
    expect(splitSentences('产值1022亿元。[1]增长21.9%！是否属实？是的', 'zh')).toEqual(['产值1022亿元。[1]', '增长21.9%！', '是否属实？', '是的']);
  });

  it('does not split a numbered list item after its number', () => {
    expect(splitSentences('1. Biomedicine [1].\n2. Nanotech [2].', 'en')).toEqual(['1. Biomedicine [1].\n', '2. Nanotech [2].']);
  });

  it('loses no character, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '.', '。', '1', '[', ']', '产', '\n', '!', 'U', 'S') }), (text) => {
        expect(splitSentences(text, 'en').join('')).toBe(text);
        expect(splitSentences(text, 'zh').join('')).toBe(text);
      }),
    );
  });
});

describe('verifyCitations', () => {
  it('keeps a correct English answer and quotes the sentence with the figure', () => {
    const result = verifyCitations('Biomedicine output reached 102.2 billion yuan in 2020 [1].', passages, { language: 'en' });
    expect(result).toEqual({
      answer: 'Biomedicine output reached 102.2 billion yuan in 2020 [1].',
      cited: [{ n: 1, originalN: 1, quote: '全年实现产值1022亿元, 新增一类新药临床批件100个, 比上年翻一番, 累计280个。' }],
      removed: [],
    });
  });

  it('keeps a correct Chinese answer with several figures from one passage', () => {
    const answer = '2020年，园区三大新兴产业企业总计3150家，实现产值2494亿元，增长21.9% [1]。';
    const result = verifyCitations(answer, passages, { language: 'zh' });
    expect(result.answer).toBe(answer);
    expect(result.cited).toEqual([
      { n: 1, originalN: 1, quote: '2020年, 园区生物医药、纳米技术应用、人工智能三大新兴产业企业总计3150家, 实现产值2494亿元, 增长21.9%。' },
    ]);
  });

  it('removes a marker naming a passage that was never given and re-cites the sentence', () => {
    const result = verifyCitations('The 2020 nanotech expo covered 18,000 m² [7].', passages, { language: 'en' });
    expect(result.answer).toBe('The 2020 nanotech expo covered 18,000 m² [1].');
    expect(result.cited).toEqual([{ n: 1, originalN: 2, quote: '展区面积1.8万平方米; 参展、参会企业2000余家, 包括德国博世、美国霍尼韦尔等。' }]);
  });

  it('drops an unknown marker but keeps a sentence that has no numbers', () => {
    const result = verifyCitations('园区对头部企业实行“一企一策”精准支持 [9]。', passages, { language: 'zh' });
    expect(result.answer).toBe('园区对头部企业实行“一企一策”精准支持 [1]。');
    expect(result.cited.map((citation) => citation.originalN)).toEqual([1]);
  });

  it('re-cites a figure attributed to the wrong passage', () => {
    const result = verifyCitations('2020年生物医药产业产值1022亿元[3]。', passages, { language: 'zh' });
    expect(result.answer).toBe('2020年生物医药产业产值1022亿元[1]。');
    expect(result.cited[0]?.originalN).toBe(1);
    expect(result.removed).toEqual([]);
  });

  it('drops a sentence whose figure no passage contains and reports it', () => {
    const answer = 'Biomedicine output reached 102.2 billion yuan in 2020 [1]. It is expected to reach 150 billion yuan by 2025 [1].';
    const result = verifyCitations(answer, passages, { language: 'en' });
    expect(result.answer).toBe('Biomedicine output reached 102.2 billion yuan in 2020 [1].');
    expect(result.removed).toEqual(['It is expected to reach 150 billion yuan by 2025 [1].']);
  });

  it('understands [1,2], [1][2], 【1】 and full-width digits', () => {
    const answer = '2020年产值1022亿元【１】。2021年产值1177亿元［3］。两年产值分别为1022亿元和1177亿元[1,3]。纳博会面积1.8万平方米[2][1]。';
    const result = verifyCitations(answer, passages, { language: 'zh' });
    expect(result.answer).toBe('2020年产值1022亿元[1]。2021年产值1177亿元[2]。两年产值分别为1022亿元和1177亿元[1][2]。纳博会面积1.8万平方米[1][3]。');
    expect(result.cited.map(({ n, originalN }) => [n, originalN])).toEqual([
      [1, 1],
      [2, 3],
      [3, 2],
    ]);
  });

  it('keeps conflicting figures from different years, each with its own citation', () => {
    const answer = 'Biomedicine output was 102.2 billion yuan in 2020 [1] and 117.7 billion yuan in 2021 [3].';
    const result = verifyCitations(answer, passages, { language: 'en' });
    expect(result.answer).toBe('Biomedicine output was 102.2 billion yuan in 2020 [1] and 117.7 billion yuan in 2021 [2].');
    expect(result.cited.map(({ originalN }) => originalN)).toEqual([1, 3]);
    expect(result.cited[1]?.quote).toContain('1177亿元');
  });

  it('adds the missing passage when a sentence cites only one of the two it draws on', () => {
    const result = verifyCitations('产值从2020年的1022亿元增至2021年的1177亿元[1]。', passages, { language: 'zh' });
    expect(result.answer).toBe('产值从2020年的1022亿元增至2021年的1177亿元[1][2]。');
    expect(result.cited.map(({ originalN }) => originalN)).toEqual([1, 3]);
  });

  it('cites an unmarked sentence when exactly one passage holds its figures', () => {
    const result = verifyCitations('The expo hall covered 18,000 square metres.', passages, { language: 'en' });
    expect(result.answer).toBe('The expo hall covered 18,000 square metres [1].');
    expect(result.cited).toEqual([{ n: 1, originalN: 2, quote: expect.stringContaining('1.8万平方米') }]);
  });

  it('drops an unmarked sentence whose only figure several passages share', () => {
    // 2000 is in both the expo passage (2000余家) and the article (超2000家): no telling which is meant.
    const result = verifyCitations('More than 2,000 companies took part.', passages, { language: 'en' });
    expect(result.answer).toBe('');
    expect(result.removed).toEqual(['More than 2,000 companies took part.']);
  });

  it('keeps an unmarked sentence without numbers, and a plain "not in the documents" answer cites nothing', () => {
    expect(verifyCitations('The documents do not say who founded the park.', passages, { language: 'en' })).toEqual({
      answer: 'The documents do not say who founded the park.',
      cited: [],
      removed: [],
    });
    expect(verifyCitations('资料中没有相关信息。', passages, { language: 'zh' })).toEqual({ answer: '资料中没有相关信息。', cited: [], removed: [] });
  });

  it('renumbers densely in order of first appearance', () => {
    const answer =
      'The 2021 output was 117.7 billion yuan [3]. The expo covered 18,000 m² [2]. The 2020 output was 102.2 billion yuan [1]. Again 117.7 billion [3].';
    const result = verifyCitations(answer, passages, { language: 'en' });
    expect(result.answer).toBe(
      'The 2021 output was 117.7 billion yuan [1]. The expo covered 18,000 m² [2]. The 2020 output was 102.2 billion yuan [3]. Again 117.7 billion [1].',
    );
    expect(result.cited.map(({ n, originalN }) => ({ n, originalN }))).toEqual([
      { n: 1, originalN: 3 },
      { n: 2, originalN: 2 },
      { n: 3, originalN: 1 },
    ]);
  });

  it('does not count list numbering as a figure', () => {
    const answer = '1. Biomedicine: 102.2 billion yuan [1].\n2. Companies in the three industries: 3,150 [1].';
    const result = verifyCitations(answer, passages, { language: 'en' });
    expect(result.answer).toBe(answer);
    expect(result.removed).toEqual([]);
  });
});
