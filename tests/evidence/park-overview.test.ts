import { describe, expect, it } from 'vitest';
import { asksAboutThePark, parkOverview } from '../../src/evidence/park-overview.ts';
import { analyzeQuestion } from '../../src/question/question-analysis.ts';
import type { KeyTerm } from '../../src/question/key-terms.ts';
import { testChunk } from '../fixtures/test-chunk.ts';

const noTerms: KeyTerm[] = [];
const topic: KeyTerm[] = [{ label: '纳米', forms: ['纳米'], weight: 2, unknown: false, foreignName: false }];

describe('asksAboutThePark', () => {
  it('is a question naming only the park and asking what it is', () => {
    const ask = (question: string, language: 'zh' | 'en', terms = noTerms) => asksAboutThePark(question, language, terms, analyzeQuestion(question, language));
    expect(ask('What is Suzhou Industrial Park?', 'en')).toBe(true);
    expect(ask('Tell me about SIP.', 'en')).toBe(true);
    expect(ask('介绍一下苏州工业园区', 'zh')).toBe(true);
    // Another topic, a figure or a year asked: the ordinary reading applies.
    expect(ask('What is SIP doing in nanotech?', 'en', topic)).toBe(false);
    expect(ask('How many companies does SIP have?', 'en')).toBe(false);
    expect(ask('What was SIP like in 2019?', 'en')).toBe(false);
    // Not about the park at all.
    expect(ask('What is it?', 'en')).toBe(false);
  });
});

describe('parkOverview', () => {
  const article = (id: string, title: string, text: string) => ({ ...testChunk(id, text, { year: 2023 }), kind: 'paragraph' as const, title });
  const chunks = [
    { ...testChunk('yearbook#1', '2020年，苏州工业园区三大新兴产业企业总计3150家。', { year: 2020 }), kind: 'entry' as const, title: '【概况】' },
    article('city#1', '苏州工业园区：创新之城', '2023年，苏州工业园区地区生产总值达3686亿元。这一亮眼的发展数据彰显了硬实力。'),
    article('city#2', '苏州工业园区：创新之城', '苏州工业园区作为示范区，持续发力。'),
    article('future#1', '苏州工业园区大力布局三大“未来产业”', '3月7日，代表团举行全体会议。苏州工业园区作为开放创新“桥头堡”，大力布局三大“未来产业”。'),
    article('clusters#1', '园区科创“五问”之五', '苏州工业园区如何乘势绽放创新集群活力？'),
  ];
  const published = (docId: string) => ({ city: 2024, future: 2024, clusters: 2022, yearbook: 2021 })[docId];

  it("takes, from each article headed with the park's name, the first sentence of its lead passage with the park as subject", () => {
    const overview = parkOverview(chunks, published);
    // What the park is first, then the year's figures; not the yearbook entry, a later passage or an untitled article.
    expect(overview.map((item) => [item.hit.chunk.id, item.sentence])).toEqual([
      ['future#1', '苏州工业园区作为开放创新“桥头堡”，大力布局三大“未来产业”。'],
      ['city#1', '2023年，苏州工业园区地区生产总值达3686亿元。'],
    ]);
  });
});
