import { chineseDigitValue, chineseUnitValue, parseChineseNumeral } from './chinese-numerals.ts';
import { markerRunPattern } from './split-sentences.ts';

/*
 * Numbers as values, however a text writes them (3,150 · 1.8万 · 102.2 billion · 21.9% · 两千 · 第十一届),
 * so that an answer's figures can be checked against its passages'.
 */

const fullWidthDigits = /[０-９．％]/g;
/** Full-width digits, point and percent only: NFKC would also turn `，` into `,` and glue "12，280" into 12280. */
export function normaliseDigits(text: string): string {
  return text.replace(fullWidthDigits, (character) => {
    if (character === '．') return '.';
    if (character === '％') return '%';
    return String.fromCharCode(character.charCodeAt(0) - 0xfee0);
  });
}

const englishScaleValue: Record<string, number> = {
  trillion: 1e12,
  billion: 1e9,
  bn: 1e9,
  million: 1e6,
  thousand: 1e3,
  'hundred million': 1e8,
};
/*
 * An Arabic number, whole or with thousands separators, then what scales it: a run of Chinese units
 * (1.8万, 2万亿, 650亿余), an English scale word (102.2 billion), or a percent sign/word.
 * Digits glued to a preceding Latin letter are part of a name or unit (m2, CO2, H1N1) and are skipped.
 */
const arabicNumberPattern = new RegExp(
  [
    // The digits (with thousands separators or without) and the decimals: groups 1 and 2.
    String.raw`(?<![A-Za-z\d.])(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(\.\d+)?`,
    // A Chinese unit, a percent sign or word, or an English magnitude: groups 3, 4 and 5.
    String.raw`(?:([十百千万亿]+)|\s*(%|percent\b|per cent\b)|\s+(hundred million|trillion|billion|million|thousand|bn)\b)?`,
  ].join(''),
  'gi',
);
const chineseNumeralPattern = /(百分之|第)?([零〇一二两三四五六七八九十百千万亿]+)([个家项款名位所座条届类种张期]?)/g;

/** Twelve significant digits absorb float noise: 1.8 × 10⁴ and 18,000 must compare equal. */
function canonical(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * Every number in a text as a canonical value, so figures written differently compare equal:
 * `1022亿` and `102.2 billion` → 102200000000, `3,150` → 3150, `1.8万` and `18,000` → 18000,
 * `21.9%` and `21.9 percent` → 0.219, `两千` → 2000, `第十一届` → 11. Citation markers are not numbers.
 * Chinese numerals in set phrases (一企一策, 十四五, 翻一番) are skipped: a numeral counts when it is
 * well formed with a unit (两千), an ordinal (第二) or followed by a measure word (两项).
 */
export function extractNumbers(text: string): number[] {
  const values: number[] = [];
  let rest = normaliseDigits(text).replace(markerRunPattern, ' ');
  rest = rest.replace(
    arabicNumberPattern,
    (match, whole: string, fraction: string | undefined, chineseUnits: string | undefined, percent: string | undefined, scale: string | undefined) => {
      let value = Number(whole.replaceAll(',', '') + (fraction ?? ''));
      if (chineseUnits !== undefined) value = [...chineseUnits].reduce((product, unit) => product * (chineseUnitValue[unit] ?? 1), value);
      else if (percent !== undefined) value /= 100;
      else if (scale !== undefined) value *= englishScaleValue[scale.toLowerCase().replace(/\s+/g, ' ')] ?? 1;
      values.push(canonical(value));
      // Blank the match so its Chinese units are not read again as a numeral below.
      return ' '.repeat(match.length);
    },
  );
  for (const match of rest.matchAll(chineseNumeralPattern)) {
    const [, prefix, run = '', measure = ''] = match;
    // A lone digit counts only as an ordinal (第十一届 ↔ 11th) or a count (两项 ↔ 2): 一企一策 and 翻一番 are idioms.
    const counted = prefix === '第' || measure !== '';
    const value = chineseAmount(run, counted);
    if (value !== null) values.push(canonical(prefix === '百分之' ? value / 100 : value));
  }
  return [...new Set(values)];
}

/** A well-formed Chinese numeral with at least one unit (两千, 一百五十万, 千亿), a counted lone digit, or null. */
function chineseAmount(run: string, counted: boolean): number | null {
  if (counted && run.length === 1) return chineseDigitValue[run] ?? chineseUnitValue[run] ?? null;
  if (run.length < 2 || !/[十百千万亿]/.test(run)) return null;
  // 万亿 / 亿万 with no digit are idioms, not amounts; 十万 / 千亿 are amounts.
  if (!/^[十百千]/.test(run) && !/[零〇一二两三四五六七八九]/.test(run)) return null;
  return parseChineseNumeral(run);
}
