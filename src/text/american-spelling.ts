import { createRequire } from 'node:module';

let britishToAmerican: Map<string, string> | undefined;

/**
 * A British spelling as the American one ("centres" → "centers", "programme" → "program", "internationalising" →
 * "internationalizing"), from the word list of the american-british-english-translator package (MIT); any other
 * word unchanged. Investors from Singapore and Britain write British English; the English editions, the glossary
 * and CC-CEDICT mostly American. Read on first use: the server's start never needs it.
 */
export function americanSpelling(word: string): string {
  britishToAmerican ??= new Map(
    Object.entries(createRequire(import.meta.url)('american-british-english-translator/data/british_spellings.json') as Record<string, string>),
  );
  return britishToAmerican.get(word) ?? word;
}
