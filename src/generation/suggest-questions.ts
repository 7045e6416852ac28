import type { EnrichmentRecord } from '../enrichment/enrichment-record.ts';
import type { Language } from '../text/detect-language.ts';
import { toSimplified } from '../text/to-simplified.ts';

/** The most follow-up questions offered with an answer (the API allows five). */
export const maxSuggestions = 4;

/** Comparison form: simplified script, lower case, letters and digits only. */
const comparable = (text: string) => (/[\u3400-\u9fff]/.test(text) ? toSimplified(text) : text).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Questions the cited passages also answer (their enrichment questions), in the question's language,
 * taken in turn from each passage in citation order so one passage does not fill the list; never the
 * question just asked (nor its rewrite), nor the same question twice.
 */
export function suggestQuestions(records: readonly EnrichmentRecord[], language: Language, asked: readonly string[], max = maxSuggestions): string[] {
  const seen = new Set(asked.map(comparable));
  const lists = records.map((record) => record.questions[language]);
  const suggestions: string[] = [];
  for (let round = 0; suggestions.length < max && lists.some((list) => round < list.length); round += 1) {
    for (const list of lists) {
      const question = list[round];
      if (question === undefined || suggestions.length >= max) continue;
      const key = comparable(question);
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      suggestions.push(question.trim());
    }
  }
  return suggestions;
}
