import { describe, expect, it } from 'vitest';
import type { EnrichmentRecord } from '../../src/enrichment/enrichment-record.ts';
import { suggestQuestions } from '../../src/generation/suggest-questions.ts';

const record = (id: string, zh: string[], en: string[]): EnrichmentRecord => ({
  id,
  hash: '0',
  titleEn: 'Overview',
  sentences: [],
  questions: { zh, en },
  aliases: [],
});

describe('suggestQuestions', () => {
  it('offers what the cited passages also answer, taking turns, without the question asked or a rewording of it', () => {
    const records = [
      record('a#1', ['园区生物医药产业2020年产值是多少？', '2020年园区集聚了多少家生物医药企业？'], []),
      record('b#1', ['2020年园区生物医药产业产值是多少？', '园区外资生物医药企业有多少家？'], []),
    ];
    expect(suggestQuestions(records, 'zh', ['2020年园区生物医药产业产值是多少？'])).toEqual([
      '2020年园区集聚了多少家生物医药企业？',
      '园区外资生物医药企业有多少家？',
    ]);
  });

  it('keeps an English question that asks for more than the one asked', () => {
    const records = [
      record('a#1', [], ['How many AI companies does SIP have in 2020?', 'How many AI companies are there in SIP, and what was their 2020 output?']),
    ];
    expect(suggestQuestions(records, 'en', ['How many AI companies did SIP have in 2020?'])).toEqual([
      'How many AI companies are there in SIP, and what was their 2020 output?',
    ]);
  });
});
