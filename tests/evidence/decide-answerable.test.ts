import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/index-store/chunk.ts';
import type { KeyTerm } from '../../src/question/key-terms.ts';
import { analyzeQuestion } from '../../src/question/question-analysis.ts';
import { decideAnswerable, type DecideOptions } from '../../src/evidence/decide-answerable.ts';
import type { Evidence } from '../../src/evidence/select-evidence.ts';
import { testChunk } from '../fixtures/test-chunk.ts';

const chunk = (text: string, year = 2020): Chunk => testChunk('yearbook#1', text, { year });
const term = (label: string, weight = 1, extra: Partial<KeyTerm> = {}): KeyTerm => ({
  label,
  forms: [label],
  weight,
  unknown: false,
  foreignName: false,
  ...extra,
});
/** One chosen sentence of a passage of `year`, covering `coverage` of the question's key terms. */
const evidence = (sentence: string, coverage: number, year = 2020): Evidence => ({
  hit: { chunk: chunk(sentence, year), score: 1, lexicalRank: 1, denseRank: null, matched: [] },
  sentence,
  excerpt: sentence,
  coverage,
  score: coverage,
  position: 0,
  context: sentence,
  previous: '',
});

const output2020 = '2020年，园区生物医药产业实现产值1022亿元，增长21.9%。';
const question = '2020年园区生物医药产业产值是多少？';
const decide = (options: Partial<DecideOptions> & Pick<DecideOptions, 'evidence'>) =>
  decideAnswerable({
    terms: [term('生物医药', 2), term('产值', 1)],
    needs: analyzeQuestion(question, 'zh'),
    corpusYears: new Set([2019, 2020, 2021]),
    ...options,
  });

describe('decideAnswerable', () => {
  it('answers when a sentence of the asked year covers the question and gives the figure', () => {
    expect(decide({ evidence: [evidence(output2020, 1)] })).toEqual({ answerable: true });
  });

  it('declines a question about a name the corpus never mentions, naming it', () => {
    const terms = [term('马鞍山', 5, { unknown: true, foreignName: true }), term('产值', 1)];
    expect(decide({ terms, evidence: [evidence(output2020, 0.9)] })).toEqual({ answerable: false, reason: { kind: 'unknown-name', names: ['马鞍山'] } });
  });

  it('declines a kind of fact the documents never give (rents, salaries)', () => {
    const missing = [{ zh: '租金', en: 'rents' }];
    expect(decide({ missing, evidence: [evidence(output2020, 1)] })).toEqual({ answerable: false, reason: { kind: 'no-fact', attributes: missing } });
  });

  it('declines a year no passage speaks of, listing the years there are', () => {
    const needs = analyzeQuestion('2030年园区生物医药产业产值是多少？', 'zh');
    expect(decide({ needs, evidence: [evidence(output2020, 1)] })).toEqual({
      answerable: false,
      reason: { kind: 'year', years: [2030], available: [2019, 2020, 2021] },
    });
  });

  it('declines when the covering sentence is of another year than the one asked', () => {
    const needs = analyzeQuestion('2021年园区生物医药产业产值是多少？', 'zh');
    expect(decide({ needs, evidence: [evidence(output2020, 1)] })).toEqual({ answerable: false, reason: { kind: 'not-covered' } });
  });

  it('declines when the best evidence covers too little of the question', () => {
    expect(decide({ evidence: [evidence(output2020, 0.4)] })).toEqual({ answerable: false, reason: { kind: 'not-covered' } });
    expect(decide({ evidence: [] })).toEqual({ answerable: false, reason: { kind: 'not-covered' } });
    // The threshold is the caller's: the engine asks for half the term weight.
    expect(decide({ evidence: [evidence(output2020, 0.55)], minCoverage: 0.5 })).toEqual({ answerable: true });
  });

  it('declines a number question when no covering sentence gives a figure', () => {
    expect(decide({ evidence: [evidence('2020年，园区生物医药产业继续保持良好发展势头。', 1)] })).toEqual({ answerable: false, reason: { kind: 'no-fact' } });
  });

  it('declines "what is X" when no sentence defines X, and answers when one does', () => {
    const needs = analyzeQuestion('什么是科创板？', 'zh');
    const terms = [term('科创板', 3)];
    const uses = evidence('园区已有多家企业在科创板上市。', 1);
    expect(decide({ needs, terms, definedTerm: ['科创板'], evidence: [uses] })).toEqual({ answerable: false, reason: { kind: 'no-fact' } });
    const defining = evidence('科创板是上海证券交易所设立的板块。', 1);
    expect(decide({ needs, terms, definedTerm: ['科创板'], evidence: [uses, defining] })).toEqual({ answerable: true });
  });

  it('says there is no question when nothing in it is a key term or a year', () => {
    expect(decide({ terms: [], needs: analyzeQuestion('请问一下？', 'zh'), evidence: [evidence(output2020, 1)] })).toEqual({
      answerable: false,
      reason: { kind: 'no-question' },
    });
  });

  it('a sum of money asked for is not answered by a count: "How much cash does a company receive…?"', () => {
    const cash = analyzeQuestion('How much cash does a company receive under the high-tech enterprise reward scheme?', 'en');
    expect(cash.unit).toBe('元');
    const terms = [term('高新技术企业', 2), term('奖励', 1)];
    const counted = evidence('首批申报高新技术企业认定的33家企业中，26家通过认定，奖励政策同步落地。', 1);
    expect(decide({ terms, needs: cash, evidence: [counted] })).toEqual({ answerable: false, reason: { kind: 'no-fact' } });
    // A sum of money answers it.
    expect(decide({ terms, needs: cash, evidence: [evidence('对认定的高新技术企业给予奖励30万元。', 1)] })).toEqual({ answerable: true });
    // Asked as a share of GDP, spending is answered by the share.
    const share = analyzeQuestion('How much did SIP spend on R&D in 2020, as a share of GDP?', 'en');
    expect(share.percent).toBe(true);
    const rd = evidence('2020年，科学研究与试验发展投入占地区生产总值的4.5%。', 1);
    expect(decide({ terms: [term('研发', 2)], needs: share, evidence: [rd] }).answerable).toBe(true);
    expect(analyzeQuestion('高新技术企业奖励多少钱？', 'zh').unit).toBe('元');
    // "How much did X invest" asks for money too: a sentence with no sum of money does not answer it.
    const invested = analyzeQuestion('How much did the company invest in its new plant?', 'en');
    expect(invested.unit).toBe('元');
    expect(decide({ terms: [term('工厂', 2)], needs: invested, evidence: [evidence('该工厂15分钟即可出结果。', 1)] }).answerable).toBe(false);
  });

  it("a year written only as a target's (力争2022年…) does not answer an actual figure for that year; asked as a target, it does", () => {
    const target = evidence('力争2022年三大新兴产业总产值达3600亿元。', 1);
    const corpusYears = new Set([2020, 2022]);
    const actual = decide({ terms: [term('产值', 1)], needs: analyzeQuestion('2022年园区新兴产业产值是多少？', 'zh'), evidence: [target], corpusYears });
    expect(actual).toEqual({ answerable: false, reason: { kind: 'not-covered' } });
    const asked = decide({ terms: [term('产值', 1)], needs: analyzeQuestion('园区2022年新兴产业产值的目标是多少？', 'zh'), evidence: [target], corpusYears });
    expect(asked).toEqual({ answerable: true });
    // 截至/到 a year reports what was reached by then: that year's own figure.
    const reached = evidence('截至2020年底，园区集聚企业397家。', 1, 2021);
    expect(decide({ terms: [term('企业', 1)], needs: analyzeQuestion('2020年园区有多少家企业？', 'zh'), evidence: [reached] })).toEqual({ answerable: true });
  });

  it('a year inside a quoted name counts when the question asks about that name', () => {
    const listed = evidence('5家企业获评“2019年中国半导体MEMS十强企业”。', 1, 2020);
    const needs = analyzeQuestion('How many companies were in the 2019 top 10 MEMS list?', 'en');
    expect(decide({ terms: [term('十强', 2, { forms: ['十强', 'mems'] })], needs, evidence: [listed] })).toEqual({ answerable: true });
    // The quotation must hold a word of the question: another 2019 quotation does not date the sentence 2019.
    expect(
      decide({ terms: [term('专利', 2)], needs, evidence: [evidence('5家企业获评“2019年中国半导体MEMS十强企业”，新增专利20件。', 1, 2020)] }).answerable,
    ).toBe(false);
  });

  it('a metric asked is named by its own words, not by a looser word it was bridged to (regional GDP → 地区)', () => {
    const needs = analyzeQuestion('How big was the regional GDP in 2020?', 'en');
    const gdp = term('regional gdp', 3, { forms: ['地区生产总值', '生产总值', '地区'] });
    const share = evidence('2020年，科学研究与试验发展投入占地区生产总值的4.5%。', 1);
    const regions = evidence('2020年，园区与20余个国家和地区建立合作关系，参会企业2000余家。', 1);
    expect(decide({ terms: [gdp], needs, evidence: [share, regions] })).toEqual({ answerable: false, reason: { kind: 'no-fact' } });
  });

  it('the size of a change asked for a year is given by a change in a sentence of that year', () => {
    const needs = analyzeQuestion('2023年园区纳米产业产值增长了多少？', 'zh');
    expect(needs.change).toBe(true);
    const output = evidence('2023年，纳米产业产值突破1550亿元。', 1, 2023);
    const otherYear = evidence('2020年，纳米产业实现产值1010亿元，增长25%。', 1, 2020);
    expect(decide({ terms: [term('纳米', 2)], needs, evidence: [output, otherYear], corpusYears: new Set([2020, 2023]) }).answerable).toBe(false);
    const grown = evidence('2023年，纳米产业产值突破1550亿元，增长12%。', 1, 2023);
    expect(decide({ terms: [term('纳米', 2)], needs, evidence: [grown], corpusYears: new Set([2020, 2023]) })).toEqual({ answerable: true });
  });
});
