import { describe, expect, it } from 'vitest';
import { countedNoun, countsAskedThing, isCountCounter } from '../../src/evidence/counts-asked-thing.ts';

describe('countedNoun', () => {
  it('finds the head noun of what an English question counts, and the words before it that say what it is', () => {
    expect(countedNoun('How many hospitals are in SIP?', 'en')).toEqual(['hospitals']);
    expect(countedNoun('How many flights a day go from Suzhou to Singapore?', 'en')).toEqual(['flights']);
    expect(countedNoun('And how many national-level talent-program experts has it brought in?', 'en')).toEqual(['experts', 'talent', 'program']);
    expect(countedNoun('How many AI companies does SIP have?', 'en')).toEqual(['companies']);
  });

  it('counts nothing in "how many times", "how many of them" or a Chinese question', () => {
    expect(countedNoun('How many times did output grow?', 'en')).toBeNull();
    expect(countedNoun('How many of them are listed?', 'en')).toBeNull();
    expect(countedNoun('园区有多少所大学？', 'zh')).toBeNull();
  });
});

describe('countsAskedThing', () => {
  it('needs a figure in the counter asked (or one counting the same things)', () => {
    const asked = { unit: '所', noun: null, nounTerm: undefined };
    expect(countsAskedThing('2020年10月22日，牛津大学高等研究院（苏州）分子诊断技术创新中心启用，依托三项技术。', undefined, asked)).toBe(false);
    expect(countsAskedThing('园区集聚高校30所。', undefined, asked)).toBe(true);
    expect(countsAskedThing('园区集聚高等院校和研究机构30家。', undefined, asked)).toBe(true);
  });

  it('reads an English count in the aligned English: the noun and a figure in one clause, not a year, date, ordinal or name', () => {
    const asked = { unit: null, noun: ['hospitals'], nounTerm: undefined };
    const sentence = '该联盟推动上海市三级甲等医院与园区医药研发企业开展合作。';
    expect(countsAskedThing(sentence, 'The alliance promotes cooperation between Grade-A tertiary hospitals in Shanghai and SIP companies.', asked)).toBe(
      false,
    );
    expect(countsAskedThing(sentence, 'In 2020, 14th on the list, PD-1 hospitals', asked)).toBe(false);
    expect(countsAskedThing(sentence, 'The alliance links 12 hospitals in Shanghai with SIP companies.', asked)).toBe(true);
    expect(countsAskedThing(sentence, 'The alliance links twelve hospitals in Shanghai.', asked)).toBe(true);
  });

  it('counts people in 人, 名 or 位 whatever the English calls them', () => {
    const asked = { unit: null, noun: ['experts', 'talent'], nounTerm: undefined };
    expect(countsAskedThing('引进国家级人才22人。', undefined, asked)).toBe(true);
    expect(countsAskedThing('引进国家级人才计划。', undefined, asked)).toBe(false);
  });

  it('leaves money, area and time to the other checks', () => {
    expect(isCountCounter('家')).toBe(true);
    expect(isCountCounter('亿元')).toBe(false);
    expect(isCountCounter('平方米')).toBe(false);
    expect(countsAskedThing('总投资10亿元。', undefined, { unit: '亿元', noun: null, nounTerm: undefined })).toBe(true);
  });
});
