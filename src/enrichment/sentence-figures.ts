import Nzh from 'nzh';

/**
 * The figures of one Chinese sentence and of its English translation, as values, so the enrichment checks can
 * tell whether `1022亿元` became `102.2 billion yuan` (and not `1,022 billion`), whether `3000亿余元` kept its
 * "more than", and whether `7月` became `July`.
 */

export interface ChineseFigure {
  /** The figure as written, e.g. `1022亿`, `7月`, `3000多`. */
  raw: string;
  /** Its value with 亿/万 applied (for a month: the month number). */
  value: number;
  kind: 'number' | 'month';
  /**
   * Written as an approximation the English must keep: 余/多/超/逾/以上 → "more than" (or "over", "exceeded"),
   * 近 → "nearly", 约 → "about".
   */
  approximation?: Approximation;
}

export type Approximation = 'more than' | 'nearly' | 'about';

export interface EnglishFigure {
  raw: string;
  value: number;
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function monthName(month: number): string | undefined {
  return monthNames[month - 1];
}

// A digit group with optional thousands commas and decimals, then the Chinese unit words that scale it.
// `个月` (a number of months) is a duration, not a calendar month.
// Digits joined to a Latin name (PD-1, G60, 5G, COVID-19, 3PEAK) are part of the name, not a figure.
const chineseFigurePattern = new RegExp(
  [
    '(超过|超|逾|近|约)?',
    String.raw`(?<![A-Za-z0-9.,]|[A-Za-z]-)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![A-Za-z0-9])`,
    String.raw`\s*(万亿|亿|万|千)?\s*(余|多)?(?:(个月)|(月))?`,
  ].join(''),
  'g',
);
const moreThanAfter = /^[^，。；！？,;]{0,6}?以上/;
const recentPeriod = /^(年|天|日|周)/;
const unitValue: Record<string, number> = { 万亿: 1e12, 亿: 1e8, 万: 1e4, 千: 1e3 };

/** Every figure written in Arabic digits in a Chinese sentence (these must all reach the English). */
export function chineseFigures(text: string): ChineseFigure[] {
  const figures: ChineseFigure[] = [];
  for (const match of text.matchAll(chineseFigurePattern)) {
    const [raw, before, integer = '', decimals = '', unit, approx, months, month] = match;
    const value = Number(`${integer.replace(/,/g, '')}${decimals}`) * (unit === undefined ? 1 : (unitValue[unit] ?? 1));
    const after = text.slice((match.index ?? 0) + raw.length);
    // 近3年 is "the past 3 years" at least as often as "nearly 3 years": not held to "nearly".
    const nearly = before === '近' && months === undefined && !recentPeriod.test(after);
    const approximation: Approximation | undefined =
      before === '近'
        ? nearly
          ? 'nearly'
          : undefined
        : before === '约'
          ? 'about'
          : before !== undefined || approx !== undefined || moreThanAfter.test(after)
            ? 'more than'
            : undefined;
    if (month !== undefined && unit === undefined && decimals === '' && value >= 1 && value <= 12) {
      figures.push({ raw, value, kind: 'month' });
    } else {
      figures.push({ raw, value, kind: 'number', ...(approximation !== undefined ? { approximation } : {}) });
    }
  }
  return figures;
}

// Runs of Chinese numeral characters (三大, 十四届, 第二, 两项): their English may be words or digits.
const chineseNumeralPattern = /[零〇一二两三四五六七八九十百千万亿]+/g;

/**
 * The values written in Chinese numerals in a sentence, parsed with nzh. They are not required in the English
 * (`三大` may be "three"), but an English digit with one of these values has a source (`十四届` → `14th`).
 */
export function chineseNumeralValues(text: string): number[] {
  const values: number[] = [];
  for (const [run] of text.matchAll(chineseNumeralPattern)) {
    const value = chineseNumeralValue(run);
    if (Number.isFinite(value) && value > 0) values.push(value);
  }
  return values;
}

function chineseNumeralValue(run: string): number {
  // 二〇二〇 (a year written digit by digit): nzh would read it as 22.
  if (run.length > 1 && /^[零〇一二三四五六七八九]+$/.test(run))
    return Number([...run].map((digit) => '零一二三四五六七八九'.indexOf(digit === '〇' ? '零' : digit)).join(''));
  // 十四五 names the 14th Five-Year Plan; nzh would read it as 45.
  const plan = /^(十[一二三四五六七八九])五$/.exec(run);
  // nzh reads 两 as nothing; it means two.
  return Number(Nzh.cn.decodeS((plan?.[1] ?? run).replace(/两/g, '二')));
}

// As in Chinese, digits joined to a name (COVID-19, 3PEAK, G60) are not figures; ordinals (14th) are.
const englishFigurePattern =
  /(?<![A-Za-z0-9.,]|[A-Za-z]-)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!(?!(?:st|nd|rd|th)\b)[A-Za-z0-9])(?:\s*(trillion|billion|million|thousand)\b)?/g;
const englishScale: Record<string, number> = { trillion: 1e12, billion: 1e9, million: 1e6, thousand: 1e3 };

/** Every figure written in digits in an English sentence, scaled by billion/million/thousand. */
export function englishFigures(text: string): EnglishFigure[] {
  return [...text.matchAll(englishFigurePattern)].map((match) => {
    const [raw, integer = '', decimals = '', scale] = match;
    return { raw, value: Number(`${integer.replace(/,/g, '')}${decimals}`) * (scale === undefined ? 1 : (englishScale[scale] ?? 1)) };
  });
}

/** Equal up to rounding noise of the unit conversion (102.2 billion = 1022亿). */
export function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** How English says each approximation. */
export const approximationWording: Record<Approximation, RegExp> = {
  'more than': /\b(more than|over|exceed(?:s|ed|ing)?|above|upwards of|in excess of|surpass(?:es|ed|ing)?|topp(?:ed|ing)|tops)\b/i,
  nearly: /\b(nearly|almost|close to|approaching|just under)\b/i,
  about: /\b(about|around|approximately|roughly)\b/i,
};
