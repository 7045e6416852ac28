import type { Language } from '../text/detect-language.ts';
import { escapeRegExp } from '../text/escape-reg-exp.ts';

const enDifference = /\bdifferen(?:ce|t)s? between (?:an? |the )?(.+?) and (?:an? |the )?(.+?)\s*\??$/i;
const zhDifference = /^(.{1,12}?)(?:和|与|跟|同)(.{1,12}?)(?:有什么|有何|的)(?:区别|不同|差别|差异)/;

/** The two things a question asks the difference between ("a Class II and a Class III device"), or null. */
export function comparedPair(question: string, language: Language): [string, string] | null {
  const match = (language === 'zh' ? zhDifference : enDifference).exec(question.trim());
  if (match === null) return null;
  const side = (text: string) =>
    text
      .trim()
      .split(/\s+/)
      .slice(0, 2)
      .join(' ')
      .replace(/^(?:苏州工业园区|园区)的?/, '');
  const [left, right] = [side(match[1] as string), side(match[2] as string)];
  return left.length >= 2 && right.length >= 2 ? [left, right] : null;
}

/**
 * Whether the evidence names both things compared: "the difference between a Class II and a Class III medical device"
 * is not answered by counts of Class III certificates alone. Latin names match as whole words (Class II is not in
 * Class III).
 */
export function namesBoth(pair: [string, string], texts: string[]): boolean {
  const joined = texts.join('\n');
  return pair.every((side) => (/[A-Za-z]/.test(side) ? new RegExp(`(?<![A-Za-z])${escapeRegExp(side)}(?![A-Za-z])`, 'i').test(joined) : joined.includes(side)));
}
