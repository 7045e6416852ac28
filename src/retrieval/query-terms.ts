import type { Tokenizer } from '../text/tokenize.ts';
import type { WeightedTerm } from './lexical-index.ts';

/** Words that name the park itself or the question's frame: present everywhere, they rank nothing. */
export const genericTerms = new Set([
  '园区',
  '苏州',
  '苏州工业园区',
  '中新苏州工业园区',
  '中新',
  '工业园区苏州',
  '工业园区',
  '工业',
  '工业园',
  '中新',
  '年',
  '月',
  '日',
  '家',
  '个',
  '亿元',
  '万元',
  '多少',
  '哪些',
  '什么',
  '情况',
  '主要',
  '介绍',
  '有关',
  '方面',
]);

/** Chinese question → weighted search terms: glossary names count more, generic words less. */
export function chineseQueryTerms(question: string, tokenizer: Tokenizer, names: Set<string>): WeightedTerm[] {
  const weights = new Map<string, number>();
  for (const token of tokenizer.tokenize(question)) {
    const weight = genericTerms.has(token) ? 0.2 : names.has(token) ? 1.6 : 1;
    weights.set(token, Math.max(weights.get(token) ?? 0, weight));
  }
  return [...weights.entries()].map(([term, weight]) => ({ term, weight }));
}
