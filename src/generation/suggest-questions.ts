import type { EnrichmentRecord } from '../enrichment/enrichment-record.ts';
import type { Language } from '../text/detect-language.ts';
import { toSimplified } from '../text/to-simplified.ts';

/** The most follow-up questions offered with an answer (the API allows five). */
export const maxSuggestions = 4;

/** Comparison form: simplified script, lower case, letters and digits only. */
const comparable = (text: string) => (/[\u3400-\u9fff]/.test(text) ? toSimplified(text) : text).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** What a question asks, for comparing two: Chinese character pairs, or English words. */
function contentOf(text: string): Set<string> {
  const key = comparable(text);
  if (/[\u3400-\u9fff]/.test(key)) return new Set([...key].slice(0, -1).map((character, index) => character + (key[index + 1] ?? '')));
  return new Set(text.toLowerCase().match(/[a-z0-9]+/g) ?? []);
}

/** Dice overlap of two questions' content: 1 for the same words in another order (「园区生物医药产业2020年产值是多少」). */
function overlap(left: Set<string>, right: Set<string>): number {
  if (left.size + right.size === 0) return 0;
  let shared = 0;
  for (const item of left) if (right.has(item)) shared += 1;
  return (2 * shared) / (left.size + right.size);
}

/** A suggestion this close to the question asked only rewords it. */
const rewordingOverlap = 0.75;

/**
 * Questions the cited passages also answer (their enrichment questions), in the question's language,
 * taken in turn from each passage in citation order so one passage does not fill the list; never the
 * question just asked (nor its rewrite, nor a rewording of it), nor the same question twice.
 */
export function suggestQuestions(records: readonly EnrichmentRecord[], language: Language, asked: readonly string[], max = maxSuggestions): string[] {
  const seen = new Set(asked.map(comparable));
  const askedContent = asked.map(contentOf);
  const lists = records.map((record) => record.questions[language]);
  const suggestions: string[] = [];
  for (let round = 0; suggestions.length < max && lists.some((list) => round < list.length); round += 1) {
    for (const list of lists) {
      const question = list[round];
      if (question === undefined || suggestions.length >= max) continue;
      const key = comparable(question);
      if (key === '' || seen.has(key)) continue;
      const content = contentOf(question);
      if (askedContent.some((other) => overlap(content, other) >= rewordingOverlap)) continue;
      seen.add(key);
      suggestions.push(question.trim());
    }
  }
  return suggestions;
}
