import type { Evidence } from './select-evidence.ts';
import type { Chunk } from '../index-store/chunk.ts';
import type { QuestionNeeds } from '../question/question-analysis.ts';
import type { KeyTerm } from '../question/key-terms.ts';
import { splitPassageSentences as splitSentences } from '../text/split-sentences.ts';

/**
 * "What is Suzhou Industrial Park?", 「介绍一下苏州工业园区」: a question about the park itself. Its name is in every
 * passage, so it is no key term (it ranks nothing), and such a question used to find nothing to cover.
 */
const namesPark = {
  zh: /苏州工业园区|中新苏州工业园区|工业园区|园区/,
  en: /\b(?:SIP|Suzhou Industrial Park|China[–-]Singapore Suzhou Industrial Park|the park)\b/i,
};
const asksOverview = {
  zh: /介绍|是什么|是个什么|是怎样|怎么样|概况|简介|有什么特点|特色/,
  en: /^\s*(?:what|who)\s+(?:is|are)\b|\btell me about\b|\bintroduce\b|\boverview\b|\bdescribe\b|\bknown for\b|\bwhat kind of\b/i,
};

export function asksAboutThePark(question: string, language: 'zh' | 'en', terms: readonly KeyTerm[], needs: QuestionNeeds): boolean {
  if (terms.length > 0 || needs.years.length > 0 || needs.number || needs.date) return false;
  return namesPark[language].test(question) && asksOverview[language].test(question);
}

/** The park as the subject of a sentence: 「苏州工业园区作为…」, 「2023年，苏州工业园区地区生产总值…」. */
const parkAsSubject = /^(?:\d{4}年，)?(?:中新)?苏州工业园区/;

/**
 * The documents' own overview of the park: from each article whose headline names the park, the first sentence of its
 * lead passage with the park as subject; newest article first, a sentence saying what the park is before one dated
 * to a year; at most `max`.
 */
export function parkOverview(chunks: readonly Chunk[], publishedYear: (docId: string) => number | undefined, max = 2): Evidence[] {
  const leads = new Map<string, Chunk>();
  for (const chunk of chunks) {
    if (chunk.kind === 'entry' || leads.has(chunk.docId) || !chunk.title.includes('苏州工业园区')) continue;
    leads.set(chunk.docId, chunk);
  }
  const newestFirst = [...leads.values()].sort((left, right) => (publishedYear(right.docId) ?? right.year) - (publishedYear(left.docId) ?? left.year));
  return (
    newestFirst
      .flatMap((chunk) => {
        const sentences = splitSentences(chunk.text);
        const position = sentences.findIndex((sentence) => parkAsSubject.test(sentence));
        const sentence = sentences[position];
        if (sentence === undefined) return [];
        const evidence: Evidence = {
          hit: { chunk, score: 1, lexicalRank: null, denseRank: null, matched: [] },
          sentence,
          excerpt: sentence,
          coverage: 1,
          score: 1,
          position,
          context: sentence,
          previous: sentences[position - 1] ?? '',
        };
        return [evidence];
      })
      // What the park is (「苏州工业园区作为…」) before what it reached in a year (「2023年，苏州工业园区地区生产总值…」).
      .sort((left, right) => Number(/^\d{4}年/.test(left.sentence)) - Number(/^\d{4}年/.test(right.sentence)))
      .slice(0, max)
  );
}
