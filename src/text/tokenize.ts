import { Jieba } from '@node-rs/jieba';
import { readJiebaDictionary } from './jieba-dictionary.ts';
import { chineseStopWords, englishStopWords as englishStopWordList } from './stop-words.ts';
import { toSimplified } from './to-simplified.ts';

/**
 * Latin words, numbers and codes kept whole as the user typed them: PD-1, DFM-2, A*STAR, 21.9%,
 * 1,800. Everything else is Chinese and goes to jieba.
 */
const latinTokenPattern = /[A-Za-z0-9]+(?:[.*\-+/,][A-Za-z0-9]+)*%?/g;
const cjkRunPattern = /[\u3400-\u9fff\uf900-\ufaff]+/g;

// The park's own name carries no topic in a question about the park.
const englishStopWords = new Set([...englishStopWordList, 'sip', 'park']);

export interface Tokenizer {
  /** Index/search tokens: lower-case Latin words and numbers whole, jieba words for Chinese (search mode). */
  tokenize(text: string): string[];
  /** Plain jieba segmentation (no search-mode sub-words), for keyword coverage checks. */
  words(text: string): string[];
  /** jieba words with part-of-speech tags (ns place, nr person, nt organisation, …) for Chinese runs. */
  tagged(text: string): Array<{ word: string; tag: string }>;
}

export interface TokenizerOptions {
  /** Names that must stay whole tokens (from the glossary). */
  userWords?: string[];
}

export function createTokenizer({ userWords = [] }: TokenizerOptions = {}): Tokenizer {
  const jieba = Jieba.withDict(readJiebaDictionary());
  if (userWords.length > 0) {
    // A high frequency makes jieba prefer the whole name over its parts.
    const lines = userWords.filter((word) => /[\u3400-\u9fff]/.test(word)).map((word) => `${word.replace(/\s+/g, '')} 100000 nz`);
    jieba.loadDict(Buffer.from(lines.join('\n')));
  }

  function split(text: string, searchMode: boolean): string[] {
    const simplified = toSimplified(text.normalize('NFKC'));
    const tokens: string[] = [];
    for (const match of simplified.matchAll(latinTokenPattern)) {
      const token = match[0].toLowerCase().replace(/,(?=\d{3}\b)/g, '');
      if (!englishStopWords.has(token)) tokens.push(token);
    }
    for (const match of simplified.matchAll(cjkRunPattern)) {
      const words = searchMode ? jieba.cutForSearch(match[0], true) : jieba.cut(match[0], true);
      for (const word of words) if (!chineseStopWords.has(word)) tokens.push(word);
    }
    return tokens;
  }

  function tagged(text: string): Array<{ word: string; tag: string }> {
    const simplified = toSimplified(text.normalize('NFKC'));
    return [...simplified.matchAll(cjkRunPattern)].flatMap((match) => jieba.tag(match[0], true));
  }

  return {
    tokenize: (text) => split(text, true),
    words: (text) => split(text, false),
    tagged,
  };
}
