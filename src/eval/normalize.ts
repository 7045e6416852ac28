import { removePinyin } from '../ingest/clean/remove-pinyin.ts';
import { toSimplified } from '../text/to-simplified.ts';

const doubleQuotes = /[“”„‟«»「」『』〝〞＂″]/g;
const singleQuotes = /[‘’‚‛′‹›]/g;
const dashes = /[‐‑‒–—―−﹘﹣ー]/g;
// A grouped number such as `3,150` or `1,234,567` (after NFKC, so `３，１５０` too). Only whole
// groups of three count, so a list like `1,22` keeps its comma.
const groupedNumber = /(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d])/g;
// Whitespace between two numbers (`2020 3150`, `in 2020. 100 firms`) separates them; removing it
// would glue them into one and a fact `3150` would fail the digit-boundary check. Every other space goes.
const spaceBetweenDigits = /(?<=\d\.?)\s+(?=\d)/g;

const monthNames = 'january|february|march|april|may|june|july|august|september|october|november|december';
// "2 November 2020" (or "2 to 4 November") and "November 2, 2020" are one date: British day-month order
// becomes month-day, so a fact written either way is found in an answer written the other way.
const dayBeforeMonth = new RegExp(`(?<![\\d.])(\\d{1,2})(?:\\s*(?:-|to|and)\\s*\\d{1,2})?\\s+(${monthNames})\\b`, 'g');
// SI symbols and the words for them are one unit: "1 million m²" (m2 after NFKC) gives the fact "1 million square metres".
const unitSymbols: Array<[RegExp, string]> = [
  [/(?<=\d\s*(?:million|billion|thousand)?\s*)km2(?!\d)/g, ' square kilometres'],
  [/(?<=\d\s*(?:million|billion|thousand)?\s*)m2(?!\d)/g, ' square metres'],
];

/** Writing conventions that differ between two correct English renderings of one fact. */
// "one-stop" and "one stop", "hi-tech" and "hi tech": English hyphenates compounds by position and
// style, not meaning, and spaces are dropped below anyway, so a hyphen between letters is dropped too.
const hyphenInWord = /(?<=\p{L})-(?=\p{L})/gu;

function unifyEnglishConventions(text: string): string {
  let result = text.replace(dayBeforeMonth, '$2 $1').replace(hyphenInWord, '');
  for (const [pattern, replacement] of unitSymbols) result = result.replace(pattern, replacement);
  return result;
}

function unifyMarks(text: string): string {
  return text.replace(doubleQuotes, '"').replace(singleQuotes, "'").replace(dashes, '-');
}

/**
 * The comparison form for facts and answers: simplified script, NFKC (full-width digits and
 * letters become half-width), lower case, quotes and dashes unified, thousands separators and
 * spaces removed. `１０２２亿`, `102.2 Billion` and `3,150` become `1022亿`, `102.2billion`, `3150`.
 */
export function normalizeForFacts(text: string): string {
  return unifyEnglishConventions(unifyMarks(toSimplified(text).normalize('NFKC').toLowerCase()))
    .replace(groupedNumber, (match) => match.replaceAll(',', ''))
    .replace(spaceBetweenDigits, '\u0001')
    .replace(/\s+/g, '')
    .replaceAll('\u0001', ' ');
}

const punctuation: Array<[RegExp, string]> = [
  [/[。｡]/g, '.'],
  [/[、､]/g, ','],
  [/[【〔［]/g, '['],
  [/[】〕］]/g, ']'],
  [/[〈《]/g, '<'],
  [/[〉》]/g, '>'],
  [/'/g, '"'],
  [/…/g, '...'],
];

// The same few dozen passages are compared with every question's evidence; script conversion
// dominates the cost, so each text is normalised once.
const evidenceForms = new Map<string, string>();

/**
 * The comparison form for gold evidence and passages. Evidence was copied from the raw documents,
 * passages are cleaned text, so everything cleaning may change is erased on both sides: script
 * (003 is traditional), pinyin readings after characters (003), every space and line break, and
 * the full-/half-width and Chinese/Latin variants of punctuation.
 */
export function normalizeForEvidence(text: string): string {
  const cached = evidenceForms.get(text);
  if (cached !== undefined) return cached;
  if (evidenceForms.size >= 10_000) evidenceForms.clear();
  let result = unifyMarks(removePinyin(toSimplified(text).normalize('NFKC')).toLowerCase());
  for (const [pattern, replacement] of punctuation) result = result.replace(pattern, replacement);
  result = result.replace(groupedNumber, (match) => match.replaceAll(',', '')).replace(/\s+/g, '');
  evidenceForms.set(text, result);
  return result;
}

function continuesNumber(text: string, index: number, step: 1 | -1): boolean {
  const next = text[index];
  if (next === undefined) return false;
  if (/\d/.test(next)) return true;
  // `1022.5` must not pass for `1022`, but the full stop in `in 2020.` is not a decimal point.
  return next === '.' && /\d/.test(text[index + step] ?? '');
}

/**
 * Whether `needle` occurs in `haystack` (both already normalised) without being part of a longer
 * number: `100` is not in `1000`, `21.9%` is not in `121.9%`, `1022` is not in `1022.5`.
 */
export function containsWithNumberBoundaries(haystack: string, needle: string): boolean {
  if (needle === '') return false;
  const startsWithDigit = /^\d/.test(needle);
  const endsWithDigit = /\d$/.test(needle);
  for (let index = haystack.indexOf(needle); index !== -1; index = haystack.indexOf(needle, index + 1)) {
    if (startsWithDigit && continuesNumber(haystack, index - 1, -1)) continue;
    if (endsWithDigit && continuesNumber(haystack, index + needle.length, 1)) continue;
    return true;
  }
  return false;
}
