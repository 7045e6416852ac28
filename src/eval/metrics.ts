import { simplifiedOnlyIn } from '../text/chinese-script.ts';
import { containsWithNumberBoundaries, normalizeForEvidence, normalizeForFacts } from './normalize.ts';
import { isYearLike } from '../text/written-years.ts';

/** The languages questions are written in; answers are `zh` or `zh-Hant` (the script), or `en`. */
export type QuestionLanguage = 'zh' | 'zh-Hant' | 'en';

/** Whether `answer` contains any of the acceptable variants of one fact. */
export function factPass(answer: string, variants: readonly string[]): boolean {
  const normalizedAnswer = normalizeForFacts(answer);
  return variants.some((variant) => containsWithNumberBoundaries(normalizedAnswer, normalizeForFacts(variant)));
}

/** One result per fact, in the dataset's order. */
export function passedFacts(answer: string, facts: readonly (readonly string[])[]): boolean[] {
  return facts.map((variants) => factPass(answer, variants));
}

export interface FactCase {
  answer: string;
  answered: boolean;
  facts: readonly (readonly string[])[];
}

/**
 * Share of answerable questions answered with every fact. Strict on purpose: an answer that gets
 * one of two numbers right still misleads. A declined answer has no facts.
 */
export function factAccuracy(cases: readonly FactCase[]): number | null {
  if (cases.length === 0) return null;
  return cases.filter((item) => item.answered && passedFacts(item.answer, item.facts).every(Boolean)).length / cases.length;
}

/** Share of all individual facts found across answered cases (partial credit, for diagnosis). */
export function factRecall(cases: readonly FactCase[]): number | null {
  const total = cases.reduce((sum, item) => sum + item.facts.length, 0);
  if (total === 0) return null;
  const passed = cases.reduce((sum, item) => sum + (item.answered ? passedFacts(item.answer, item.facts).filter(Boolean).length : 0), 0);
  return passed / total;
}

/** Whether a passage contains one gold evidence string, across scripts, spacing and punctuation variants. */
export function evidenceContained(passageText: string, evidence: string): boolean {
  const needle = normalizeForEvidence(evidence);
  return needle !== '' && normalizeForEvidence(passageText).includes(needle);
}

/** 1-based rank of the first passage containing any gold evidence string, or null when none does. */
export function evidenceRank(passages: readonly { text: string }[], evidence: readonly string[]): number | null {
  const needles = evidence.map(normalizeForEvidence).filter((needle) => needle !== '');
  const index = passages.findIndex((passage) => {
    const haystack = normalizeForEvidence(passage.text);
    return needles.some((needle) => haystack.includes(needle));
  });
  return index === -1 ? null : index + 1;
}

export function hitAtK(rank: number | null, k: number): boolean {
  return rank !== null && rank <= k;
}

export function reciprocalRank(rank: number | null): number {
  return rank === null ? 0 : 1 / rank;
}

const citationMarker = /\[\d+\]/g;
// A year mentioned in an answer is in nearly every passage of that year's documents; counting it
// would make every citation "support" the answer. Single digits are as unspecific.

/** The numbers an answer states (normalised, no citation markers, no years, no single digits). */
export function answerNumbers(answer: string): string[] {
  const numbers = normalizeForFacts(answer.replace(citationMarker, ' ')).match(/\d+(?:\.\d+)?/g) ?? [];
  return [...new Set(numbers.filter((number) => number.length > 1 && !isYearLike(number)))];
}

export interface SupportContext {
  answer: string;
  facts: readonly (readonly string[])[];
  evidence: readonly string[];
}

/**
 * Whether each cited passage supports a claim of the answer: it contains one of the answer's
 * numbers, one variant of an expected fact, or a gold evidence string.
 */
export function supportingCitations(citations: readonly { text: string }[], { answer, facts, evidence }: SupportContext): boolean[] {
  const numbers = answerNumbers(answer);
  const variants = facts
    .flat()
    .map(normalizeForFacts)
    .filter((variant) => variant !== '');
  return citations.map(({ text }) => {
    const haystack = normalizeForFacts(text);
    return (
      numbers.some((number) => containsWithNumberBoundaries(haystack, number)) ||
      variants.some((variant) => containsWithNumberBoundaries(haystack, variant)) ||
      evidence.some((item) => evidenceContained(text, item))
    );
  });
}

/** Share of cited passages that support a claim; null when nothing was cited. */
export function citationPrecision(citations: readonly { text: string }[], context: SupportContext): number | null {
  if (citations.length === 0) return null;
  return supportingCitations(citations, context).filter(Boolean).length / citations.length;
}

/** Share of gold evidence strings found in at least one cited passage; null without gold evidence. */
export function evidenceRecall(citations: readonly { text: string }[], evidence: readonly string[]): number | null {
  if (evidence.length === 0) return null;
  return evidence.filter((item) => citations.some((citation) => evidenceContained(citation.text, item))).length / evidence.length;
}

export interface DeclineCase {
  answerable: boolean;
  answered: boolean;
}

/** Of the questions the engine declined, the share that should have been declined (null: it declined none). */
export function declinePrecision(cases: readonly DeclineCase[]): number | null {
  const declined = cases.filter((item) => !item.answered);
  if (declined.length === 0) return null;
  return declined.filter((item) => !item.answerable).length / declined.length;
}

/** Of the questions that should be declined, the share the engine declined (null: there were none). */
export function declineRecall(cases: readonly DeclineCase[]): number | null {
  const shouldDecline = cases.filter((item) => !item.answerable);
  if (shouldDecline.length === 0) return null;
  return shouldDecline.filter((item) => !item.answered).length / shouldDecline.length;
}

// Quoted or bracketed text may legitimately be in the other language (a quoted source sentence,
// a Chinese name after its English one), so it does not count either way.
const quotedSpans = /“[^”]*”|"[^"]*"|「[^」]*」|『[^』]*』|《[^》]*》|‘[^’]*’|\([^)]*\)|（[^）]*）|\[\d+\]/g;
const cjkCharacter = /[\u3400-\u9fff\uf900-\ufaff]/gu;
const latinWord = /[A-Za-z]{2,}/g;
// A short run of Chinese characters that touches no Chinese punctuation and no digit is a name
// written inside English (`Innovent 信达生物 launched…`), not Chinese prose. `chineseRange` is the
// characters of cjkCharacter; `notBeside` adds CJK punctuation, full-width forms and digits.
const chineseRange = String.raw`\u3400-\u9fff\uf900-\ufaff`;
const notBeside = String.raw`[${chineseRange}\u3000-\u303f\uff00-\uffef\d]`;
const chineseName = new RegExp(`(?<!${notBeside})[${chineseRange}·]{1,8}(?!${notBeside})`, 'gu');

/**
 * Whether the answer text is written in `language`, outside quotes and brackets. English: at
 * least one English word, and Latin letters make up at least 80% of the letters and Chinese
 * characters once Chinese names are set aside. Chinese: at least one Chinese character, and at
 * least as many Chinese characters as English words (so `CAR-T`, `BioBAY` inside Chinese are fine).
 */
export function isWrittenIn(answer: string, language: 'zh' | 'en'): boolean {
  const outside = answer.replace(quotedSpans, ' ');
  if (language === 'zh') {
    const cjk = outside.match(cjkCharacter)?.length ?? 0;
    return cjk > 0 && cjk >= (outside.match(latinWord)?.length ?? 0);
  }
  const withoutNames = outside.replace(chineseName, ' ');
  if ((withoutNames.match(latinWord)?.length ?? 0) === 0) return false;
  const letters = withoutNames.match(/[A-Za-z]/g)?.length ?? 0;
  const cjk = withoutNames.match(cjkCharacter)?.length ?? 0;
  return letters >= 0.8 * (letters + cjk);
}

/**
 * Whether an English answer reads as prose: the text before its first `[n]` is a sentence, not a
 * `label: value` list ("SIP Yearbook (2020): output value: 102.2 billion yuan; …"), and under 30% of its
 * letters and characters are Chinese (a quoted Chinese source block makes it a bilingual dump).
 */
export function readsAsProse(answer: string): boolean {
  const lead = (answer.split(/\[\d+\]/)[0] ?? '').trim();
  if (lead === '') return false;
  // A label is a few words before a colon ("SIP Yearbook:", "On 19 June 2020:"); "label: value; label: value" is a list
  // anywhere. A colon after a clause with a verb ("…was approved for 2 new indications: as monotherapy…", "…said:")
  // introduces what follows, as in any English prose.
  const firstSentence = /^[^.!?]*/.exec(lead)?.[0] ?? '';
  const beforeColon = firstSentence.includes(':') ? firstSentence.slice(0, firstSentence.indexOf(':')) : null;
  const shortLabel = (text: string) => text.trim().split(/\s+/).length <= 6;
  const labelled =
    (beforeColon !== null && shortLabel(beforeColon)) || [...lead.matchAll(/(?:^|;\s*)([^:;]{1,60}):\s[^;]*;/g)].some((match) => shortLabel(match[1] ?? ''));
  const cjk = answer.match(cjkCharacter)?.length ?? 0;
  const latin = answer.match(/[A-Za-z0-9]/g)?.length ?? 0;
  return !labelled && cjk < 0.3 * (cjk + latin);
}

/** The response language a question expects: `zh` for Chinese in either script. */
export function expectedLanguage(questionLanguage: QuestionLanguage): 'zh' | 'en' {
  return questionLanguage === 'en' ? 'en' : 'zh';
}

/** The language a response declares, without its script: `zh-Hant` is Chinese (`zh`). */
export function languageOf(responseLanguage: string): string {
  return responseLanguage === 'zh-Hant' ? 'zh' : responseLanguage;
}

/** The response declares the expected language and its answer text is actually written in it (either Chinese script counts as Chinese). */
export function languageMatch(response: { language: string; answer: string }, questionLanguage: QuestionLanguage): boolean {
  const expected = expectedLanguage(questionLanguage);
  return languageOf(response.language) === expected && isWrittenIn(response.answer, expected);
}

/**
 * The simplified-only characters of a traditional-script answer that are its own: not those a cited document written in
 * traditional characters itself uses (003 writes 云計算 and 并出臺; its quotes are shown as written, issue 17).
 */
export function simplifiedCharactersOf(
  response: { answer: string; citations?: ReadonlyArray<{ docId: string; text: string }> },
  traditionalSources: ReadonlySet<string> = new Set(),
): string[] {
  const written = new Set((response.citations ?? []).filter((citation) => traditionalSources.has(citation.docId)).flatMap((citation) => [...citation.text]));
  return simplifiedOnlyIn(response.answer).filter((character) => !written.has(character));
}

/**
 * For a question asked in traditional characters: the response says `zh-Hant` and its answer has no
 * simplified-only character (quotes included: a simplified source is quoted in the asker's script), except
 * characters a cited traditional-script document itself writes. Null for other questions.
 */
export function scriptMatch(
  response: { language: string; answer: string; citations?: ReadonlyArray<{ docId: string; text: string }> },
  questionLanguage: QuestionLanguage,
  traditionalSources: ReadonlySet<string> = new Set(),
): boolean | null {
  if (questionLanguage !== 'zh-Hant') return null;
  return response.language === 'zh-Hant' && simplifiedCharactersOf(response, traditionalSources).length === 0;
}

/** Nearest-rank percentile (p in 0–100) of the values; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

/** Mean of the values that were measured; null when none were. */
export function mean(values: readonly (number | null)[]): number | null {
  const measured = values.filter((value): value is number => value !== null);
  return measured.length === 0 ? null : measured.reduce((sum, value) => sum + value, 0) / measured.length;
}
