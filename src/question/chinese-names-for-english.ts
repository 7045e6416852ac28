import { escapeRegExp } from '../text/escape-reg-exp.ts';
import type { GlossaryEntry } from '../text/glossary.ts';

/**
 * A Chinese question that names something in English ("BioBAY有多少家企业？", "Innovent的PD-1药物叫什么？"): the
 * Chinese documents never write most of those names, so the English name is read as its glossary Chinese name
 * (苏州生物医药产业园, 信达生物). Names the Chinese text itself writes (GDP, PD-1) are kept as they are. Built once
 * per engine as one pattern (longest names first, matched whole and case-insensitively): one pass per question.
 */
export function chineseNamesForEnglish(glossary: readonly GlossaryEntry[], chineseText: string): (question: string) => string {
  const lowerText = chineseText.toLowerCase();
  const chineseOf = new Map<string, string>();
  for (const entry of glossary) {
    for (const name of entry.en) {
      const key = name.toLowerCase().replace(/\s+/g, ' ');
      if (key.length >= 3 && !chineseOf.has(key) && !lowerText.includes(key)) chineseOf.set(key, entry.zh);
    }
  }
  if (chineseOf.size === 0) return (question) => question;
  const names = [...chineseOf.keys()].sort((left, right) => right.length - left.length).map((name) => escapeRegExp(name).replace(/ /g, '\\s+'));
  const pattern = new RegExp(`(?<![A-Za-z0-9])(?:${names.join('|')})(?![A-Za-z0-9])`, 'gi');
  return (question) =>
    /[A-Za-z]{3}/.test(question) ? question.replace(pattern, (name) => chineseOf.get(name.toLowerCase().replace(/\s+/g, ' ')) ?? name) : question;
}
