import type { QueryBridge } from '../retrieval/retriever.ts';
import type { Tokenizer } from '../text/tokenize.ts';

/** A question's topic as Chinese words (jieba), whatever language it was asked in. */
export type QuestionTerms = (question: string, language: 'zh' | 'en') => string[];

/**
 * Words that name the park itself or ask for a number: every question has them, so they would make
 * unrelated questions look alike. Years and other numbers go too: "R&D spending in 2019" and "in 2021"
 * ask the same thing of the documents.
 */
const everywhere = new Set([
  '园区',
  '苏州工业园区',
  '中新苏州工业园区',
  '工业园区',
  '工业园',
  '苏州',
  '中新',
  'sip',
  'suzhou',
  '比较',
  '一家',
  '可以',
  '能够',
  '多少钱',
  '多少家',
  '哪些',
  '年',
  '年度',
  '怎么样',
  '什么样',
  '哪里',
  '哪儿',
  '为什么',
]);
const isNumber = (word: string) => /^[\d.,%]+$/.test(word) || /^[\d.]+[年月日%]?$/.test(word);

/** Question filler and number words the tokenizer keeps (the bridge drops most of them too). */
const englishFiller = new Set(
  'like good best get go take way there any some know need one two three four five six seven eight nine ten first second third'.split(' '),
);

/** Dictionary (CC-CEDICT) terms at least this good a fit count; the bridge's glossary and domain terms always do. */
const STRONG_GLOSS = 0.75;

/** The English words of a question the bridge found no Chinese for, lower-cased, plural 's' off. */
function unbridgedWords(question: string, bridged: string[], tokenizer: Tokenizer): string[] {
  const covered = new Set(bridged.flatMap((from) => from.toLowerCase().split(/[^a-z0-9]+/)));
  return tokenizer
    .words(question)
    .filter((word) => /^[a-z]./.test(word) && !covered.has(word) && !englishFiller.has(word))
    .map((word) => (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word));
}

/**
 * Chinese questions: their jieba words. English questions: through the English→Chinese bridge (the one
 * retrieval uses), the best Chinese term for each English phrase, cut into jieba words the same way, so
 * "R&D spending" (研发投入 → 研发 投入) meets 研发投入; English words the bridge does not know stay as
 * they are, so unanswerable English questions still group with each other.
 */
export function createQuestionTerms({ tokenizer, bridge }: { tokenizer: Tokenizer; bridge: QueryBridge }): QuestionTerms {
  const keep = (word: string) => !everywhere.has(word) && !isNumber(word) && !/^[\u3400-\u9fff]$/.test(word);
  return (question, language) => {
    // Search mode adds a long word's parts (天气预报 → 天气 预报 天气预报), so wordings that differ only there meet.
    if (language === 'zh') return [...new Set(tokenizer.tokenize(question).filter(keep))];
    const best = new Map<string, { term: string; weight: number }>();
    for (const term of bridge.bridge(question).terms) {
      // Numbers, and the park's own names (SIP → 苏州工业园区), say nothing about the topic.
      if (term.source === 'literal' || everywhere.has(term.term)) continue;
      // CC-CEDICT's weak glosses are noise here (three → 三维, weather → 风向标): such words stay English.
      if (term.source === 'dictionary' && term.weight < STRONG_GLOSS) continue;
      const current = best.get(term.from);
      if (current === undefined || term.weight > current.weight) best.set(term.from, term);
    }
    const chinese = [...best.values()].flatMap(({ term }) => tokenizer.tokenize(term));
    return [...new Set([...chinese, ...unbridgedWords(question, [...best.keys()], tokenizer)].filter(keep))];
  };
}
