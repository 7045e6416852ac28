import type { QuestionTerms } from './question-terms.ts';

/** Questions that ask the same thing, by their terms. */
export interface QuestionGroup {
  /** The question asked most often in the group, as asked. */
  label: string;
  /** How many logged questions the group holds. */
  count: number;
  /** The group's topic: the terms of its first question (the most asked one). */
  terms: string[];
  languages: { zh: number; en: number };
  /** Distinct wordings, most asked first (at most five). */
  examples: string[];
}

export interface AskedQuestion {
  question: string;
  language: 'zh' | 'en';
}

/** Two questions ask the same thing when at least this share of their terms (Jaccard) are the same (see similarity). */
export const SAME_TOPIC = 0.5;

/** A wording is compared with at most this many wordings of a candidate group (bounds the cost on large logs). */
const MEMBERS_COMPARED = 20;

const normalize = (question: string) =>
  question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s?？!！。.,，、;；:："'“”‘’]+/g, ' ')
    .trim();

/**
 * How alike two wordings are (Jaccard), or 0 when they are not the same topic: same topic when half their
 * terms are shared, or when at least three shared terms make up three quarters of the shorter one
 * (迪士尼 乐园 门票 with or without 价格 and 上海).
 */
function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const term of a) if (b.has(term)) shared += 1;
  const jaccard = shared / (a.size + b.size - shared);
  if (jaccard >= SAME_TOPIC) return jaccard;
  return shared >= 3 && shared >= 0.75 * Math.min(a.size, b.size) ? jaccard : 0;
}

interface Wording {
  text: string;
  count: number;
  zh: number;
  en: number;
  terms: Set<string>;
}

interface Building extends QuestionGroup {
  wordings: Wording[];
}

/**
 * Greedy grouping, most asked wording first: each wording joins the group whose topic terms it shares
 * most (see similarity: with one of its wordings), or starts a new one. Identical wordings (up to case, spaces and
 * punctuation) are counted once for the comparison, so the cost grows with distinct wordings, and
 * candidates come from an index of term → groups. Wordings with no terms at all group by their text.
 */
export function groupQuestions(questions: readonly AskedQuestion[], terms: QuestionTerms): QuestionGroup[] {
  const wordings = new Map<string, Wording>();
  for (const { question, language } of questions) {
    const key = normalize(question);
    let wording = wordings.get(key);
    if (wording === undefined) {
      wording = { text: question.trim(), count: 0, zh: 0, en: 0, terms: new Set(terms(question, language)) };
      wordings.set(key, wording);
    }
    wording.count += 1;
    wording[language] += 1;
  }
  const ordered = [...wordings.values()].sort((a, b) => b.count - a.count || b.terms.size - a.terms.size || a.text.localeCompare(b.text));

  const groups: Building[] = [];
  const byTerm = new Map<string, Building[]>();
  for (const wording of ordered) {
    let best: Building | undefined;
    let bestScore = 0;
    const candidates = new Set([...wording.terms].flatMap((term) => byTerm.get(term) ?? []));
    for (const group of candidates) {
      // Against each wording already in the group (the first few): "天气预报" may meet the group through a wording other than its first.
      const score = Math.max(...group.wordings.slice(0, MEMBERS_COMPARED).map((member) => similarity(wording.terms, member.terms)));
      if (score > bestScore) {
        best = group;
        bestScore = score;
      }
    }
    if (best === undefined) {
      best = { label: wording.text, count: 0, terms: [...wording.terms], languages: { zh: 0, en: 0 }, examples: [], wordings: [] };
      groups.push(best);
    }
    const group = best;
    // The group is found through any of its wordings' terms.
    for (const term of wording.terms) {
      const listed = byTerm.get(term) ?? [];
      if (!listed.includes(group)) byTerm.set(term, [...listed, group]);
    }
    best.count += wording.count;
    best.languages.zh += wording.zh;
    best.languages.en += wording.en;
    best.wordings.push(wording);
  }

  return groups
    .map(({ label, count, terms: topic, languages, wordings: members }) => ({
      label,
      count,
      terms: topic,
      languages,
      examples: members
        .slice()
        .sort((a, b) => b.count - a.count)
        .slice(0, 5)
        .map((member) => member.text),
    }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}
