import type { Evidence } from './select-evidence.ts';
import type { Chunk } from '../index-store/chunk.ts';
import { splitPassageSentences as splitSentences } from '../text/split-sentences.ts';

/** 「2024年园区有哪些重大新闻？」, "What were SIP's main news in 2024?": the question asks what happened, not a fact. */
const newsQuestion = { zh: /新闻|动态|大事|消息|要闻|发生了什么|有什么新/, en: /\b(?:news|headlines|developments|happenings|what happened|highlights)\b/i };

export function asksForNews(question: string, language: 'zh' | 'en'): boolean {
  return newsQuestion[language].test(question);
}

/**
 * The news of a year is what the documents of that year report: the opening sentence of each document
 * published that year or whose passages are of that year, in corpus order (at most `max`). Empty when none is.
 */
export function newsOfYear(chunks: readonly Chunk[], year: number, publishedYear: (docId: string) => number | undefined, max = 3): Evidence[] {
  const firstByDocument = new Map<string, Chunk>();
  for (const chunk of chunks) {
    const ofYear = chunk.year === year || publishedYear(chunk.docId) === year;
    if (ofYear && !firstByDocument.has(chunk.docId)) firstByDocument.set(chunk.docId, chunk);
  }
  return [...firstByDocument.values()].slice(0, max).flatMap((chunk) => {
    const sentence = splitSentences(chunk.text)[0];
    if (sentence === undefined) return [];
    return [
      {
        hit: { chunk, score: 1, lexicalRank: null, denseRank: null, matched: [] },
        sentence,
        excerpt: sentence,
        coverage: 1,
        score: 1,
        position: 0,
        context: sentence,
        previous: '',
      },
    ];
  });
}
