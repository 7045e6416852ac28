import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import { givesOnlyShares } from '../../src/evidence/decide-answerable.ts';
import { loadTestEngine } from './engine-fixture.ts';

/** Faults found by asking as a new user would (issue 13, item 7), each fixed as a general rule. */
let engine: LoadedAnswerEngine;
let remove: () => Promise<void>;
beforeAll(async () => {
  ({ engine, remove } = await loadTestEngine());
});
afterAll(async () => remove());

describe('a share of a figure is not the figure', () => {
  it('givesOnlyShares: a clause whose figures are all percentages', () => {
    expect(givesOnlyShares('科学研究与试验发展投入占地区生产总值的4.5%')).toBe(true);
    expect(givesOnlyShares('2020年，全年实现产值1022亿元，增长21.9%')).toBe(false);
    expect(givesOnlyShares('2020年园区发布新政策')).toBe(false);
  });

  it('answers R&D spending as a share of GDP from the sentence that gives it, in English (the English edition says GDP)', async () => {
    const response = await engine.answer({ question: 'How much did SIP spend on R&D in 2020, as a share of GDP?' });
    expect(response.answered).toBe(true);
    expect(response.answer).toMatch(/^[^[]*4\.5%[^[]*\[1\]/);
    expect(response.citations[0]?.quote).toContain('4.5%');
  });

  it.each([["What was SIP's GDP in 2020?"], ['2020年园区地区生产总值是多少？']])(
    'declines %s rather than answer with the R&D share of GDP, and says what is nearest',
    async (question) => {
      const response = await engine.answer({ question });
      expect(response.answered).toBe(false);
      expect(response.answer).toContain('4.5%');
      expect(response.answer).toMatch(/do not give the specific fact|没有给出这个问题所问的具体信息/);
    },
  );

  it('reads "GDP" in a Chinese question as the 地区生产总值 the documents give the amount under (「SIP的GDP是多少？」)', async () => {
    const response = await engine.answer({ question: 'SIP的GDP是多少？' });
    expect(response.answered).toBe(true);
    expect(response.answer).toMatch(/^[^[]*3686亿元[^[]*\[1\]/);
    // A year the documents give only the R&D share for is still declined.
    const year2020 = await engine.answer({ question: '2020年园区GDP是多少？' });
    expect(year2020.answered).toBe(false);
  });

  it('declines an actual figure for a year the documents give only a target for', async () => {
    const response = await engine.answer({ question: 'What was the actual output of the nanotech industry in 2022?' });
    expect(response.answered).toBe(false);
  });
});

describe('the news of a year', () => {
  it.each([
    ['2024年园区有哪些重大新闻？', 'zh'],
    ['What were the main news about SIP in 2024?', 'en'],
  ] as const)('answers %s from the documents published that year', async (question, language) => {
    const response = await engine.answer({ question });
    expect(response.answered).toBe(true);
    expect(response.language).toBe(language);
    expect(new Set(response.citations.map((citation) => citation.docId))).toEqual(new Set(['news-2024-future-industries', 'news-2024-innovation-city']));
  });

  it('still declines the news of a year no document covers', async () => {
    expect((await engine.answer({ question: '2019年园区有哪些重大新闻？' })).answered).toBe(false);
  });
});

describe('a question in traditional characters is read like the same question in simplified ones', () => {
  it('declines to define a general term the documents only mention, in either script (什么是新质生产力？)', async () => {
    for (const question of ['什么是新质生产力？', '什麼是新質生產力？']) {
      const response = await engine.answer({ question });
      expect(response.answered, question).toBe(false);
    }
  });
});

describe('an English name in a Chinese question', () => {
  it('is read as its glossary Chinese name: 「BioBAY有多少家企业？」 is answered from 苏州生物医药产业园', async () => {
    const response = await engine.answer({ question: 'BioBAY有多少家企业？' });
    expect(response.answered).toBe(true);
    expect(response.answer).toContain('430余家');
  });
});

describe('a Chinese name inside an English question', () => {
  it('is searched as Chinese, and the answer is in English', async () => {
    const launched = await engine.answer({ question: 'What did 信达生物 launch?' });
    expect(launched.language).toBe('en');
    expect(launched.answered).toBe(true);
    expect(launched.answer).toMatch(/Innovent/);
    const defined = await engine.answer({ question: 'What is 苏州纳米城?' });
    expect(defined.language).toBe('en');
    expect(defined.answer).toMatch(/^Nanopolis Suzhou/);
  });
});

describe('a question word the documents never use whole', () => {
  it('is covered only by sentences that have each of its known parts: 「外资企业」 is not answered by counts of other companies', async () => {
    const response = await engine.answer({ question: '园区有多少家外资企业？' });
    expect(response.citations.length).toBeGreaterThan(0);
    for (const citation of response.citations) expect(citation.quote).toContain('外资');
  });
});

describe('a question asking which ones', () => {
  it('is answered by the sentence that lists them, not by one that names one of them (再鼎医药 alone, from a photo caption)', async () => {
    const response = await engine.answer({ question: '2020年哪些园区公司在港交所挂牌上市？' });
    expect(response.answered).toBe(true);
    for (const company of ['开拓药业', '沛嘉医疗', '再鼎医药']) expect(response.answer).toContain(company);
    const english = await engine.answer({ question: 'Which SIP firms were listed on HKEX in 2020?' });
    for (const company of ['Kintor', 'Peijia', 'Zai Lab']) expect(english.answer).toContain(company);
  });
});

describe('a word of an alias group the text never writes alone', () => {
  it("is read as the group's name: 「在香港上市」 is about 港交所 (香港联交所), not an unknown place", async () => {
    const response = await engine.answer({ question: '2020年在香港上市的园区企业有哪些？' });
    expect(response.answered).toBe(true);
    expect(response.answer).toContain('港交所');
  });
});

describe('a question about the park itself', () => {
  it("is answered from the articles about the park, in the asker's language, not declined for naming nothing else", async () => {
    const english = await engine.answer({ question: 'What is Suzhou Industrial Park?' });
    expect(english.answered).toBe(true);
    expect(english.answer).toMatch(/^As a "bridgehead" of open innovation, Suzhou Industrial Park/);
    expect(english.citations.map((citation) => citation.id)).toEqual(['news-2024-future-industries#1', 'news-2024-innovation-city#1']);
    const chinese = await engine.answer({ question: '介绍一下苏州工业园区' });
    expect(chinese.answered).toBe(true);
    expect(chinese.answer).toContain('3686亿元');
  });
});

describe('an attribute asked for is given only by what the answer quotes', () => {
  it.each(['Who heads the National Biologics Technology Innovation Center?', '国家生物药技术创新中心的负责人是谁？'])(
    'declines %s: a head named elsewhere in the passages found is not in any sentence the answer would quote',
    async (question) => {
      const response = await engine.answer({ question });
      expect(response.answered).toBe(false);
      expect(response.answer).toMatch(/who heads it|负责人/);
    },
  );
});

describe('paraphrases the issue names ("drug makers", "chip design", "R&D intensity")', () => {
  it.each([
    // Led by a count of companies (家), not the biomedical talents the same passage counts ("makers" are companies).
    ['How many drug makers are there in SIP?', /^[^[]*(?:1,700|2,000)[^[]*\[1\]/],
    ["How big is chip design in SIP's AI industry?", /6\.1 billion yuan/],
    ["What was SIP's R&D intensity in 2020?", /4\.5%/],
    // The knowledge base's alias group of the passage (研发强度 = 科学研究与试验发展投入 = R&D intensity).
    ['2020年园区研发强度是多少？', /4\.5%/],
    // Short alias names are jieba words (enrichment/index-user-words.ts): 「多少家药企」 was cut 家药企, and declined.
    ['园区有多少家药企？', /2000家/],
    // 芯片设计 is a word the text has, but the figure is under 集成电路设计: a name of an alias group is covered by the others.
    ['园区芯片设计产业规模有多大？', /61亿元/],
  ])('%s is answered with the figure the documents give', async (question, figure) => {
    const response = await engine.answer({ question });
    expect(response.answered).toBe(true);
    expect(response.answer).toMatch(figure);
  });
});
