import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { toSimplified } from './to-simplified.ts';

/**
 * Latin words, numbers and codes kept whole as the user typed them: PD-1, DFM-2, A*STAR, 21.9%,
 * 1,800. Everything else is Chinese and goes to jieba.
 */
const latinTokenPattern = /[A-Za-z0-9]+(?:[.*\-+/,][A-Za-z0-9]+)*%?/g;
const cjkRunPattern = /[\u3400-\u9fff\uf900-\ufaff]+/g;

// Function words and particles that carry no topic; numbers and names are never dropped.
const stopWords = new Set(
  '的 了 和 与 及 或 在 是 为 对 等 也 有 将 并 把 被 由 从 向 以 于 其 之 中 上 下 个 这 那 哪 哪些 什么 多少 几 吗 呢 啊 吧 么 怎么 怎样 如何 是否 是不是 请 问 一下 一个 我 你 他 她 它 我们 他们 它们 哪个 哪家 哪年 多大 该 该届 还 又 都 就 而 则 但 即 及其 以及 通过 进行 方面 其中 此外 同时 这些 那些 有关 相关 关于 情况'
    .split(' '),
);
const englishStopWords = new Set(
  'a an the of in on at to for from by with and or is are was were be been being do does did what which who whom whose when where why how many much did has have had it its this that these those there their they them as about into than then so such not no yes can could would should will shall may might i you we our your please tell me sip park'
    .split(' '),
);

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
  const jieba = Jieba.withDict(dict);
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
      for (const word of words) if (!stopWords.has(word)) tokens.push(word);
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
