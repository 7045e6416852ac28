import { stemmer } from 'stemmer';
import { eng } from 'stopword';
import type { Tokenizer } from '../text/tokenize.ts';
import { americanSpelling } from '../text/american-spelling.ts';
import type { WeightedTerm } from './lexical-index.ts';

const stopWords = new Set(eng);
/** Words that name the park itself or frame a question: in nearly every English edition, they rank nothing. */
const genericStems = new Set(['sip', 'suzhou', 'industri', 'park', 'china', 'singapor', 'mani', 'much', 'what', 'which', 'how', 'year']);

/**
 * The analyzer of the English fields (the English editions, the English expansion questions and the
 * aliases): lower-cased words and numbers, stop words dropped (the `stopword` package's English list),
 * the rest reduced to Porter stems (`stemmer`), so "companies" finds "company" and "approvals" "approved".
 * Numbers keep their digits without thousands commas: "3,150" and "3150" are one term.
 */
export const englishAnalyzer: Pick<Tokenizer, 'tokenize'> = {
  tokenize(text: string): string[] {
    const tokens: string[] = [];
    for (const match of text.toLowerCase().matchAll(/\d[\d,]*(?:\.\d+)?|[a-z][a-z&'’*-]*/g)) {
      const word = match[0].replace(/[’']s$/, '').replace(/[’'*&]/g, '');
      if (/^\d/.test(word)) {
        tokens.push(word.replace(/,(?=\d{3})/g, '').replace(/,+$/, ''));
        continue;
      }
      for (const part of word.split('-')) {
        if (part.length < 2 || stopWords.has(part)) continue;
        tokens.push(stemmer(americanSpelling(part)));
      }
    }
    return tokens;
  },
};

/** An English question as weighted terms for the English fields: the park's own names weigh little. */
export function englishQueryTerms(question: string): WeightedTerm[] {
  const weights = new Map<string, number>();
  for (const token of englishAnalyzer.tokenize(question)) weights.set(token, genericStems.has(token) ? 0.2 : 1);
  return [...weights.entries()].map(([term, weight]) => ({ term, weight }));
}
