import { toSimplified } from './to-simplified.ts';
import { isYearLike } from './written-years.ts';
import { parseChineseNumeral } from './chinese-numerals.ts';
import { normaliseDigits } from './numbers.ts';
import { dashes, falsePrefixBefore, magnitudes, months, prefixes, suffixes, unitKeys, units, yearEdges } from './quantity-tables.ts';

/*
 * Quantities in Chinese text, rendered for English readers: numbers, amounts with their units and
 * magnitudes (1022亿元 → 102.2 billion yuan), counts (1700余家 → more than 1,700 companies) and dates
 * (2020年5月 → May 2020), through fixed tables; what the tables do not cover is left out, not guessed.
 */

export interface Quantity {
  /** The Chinese expression as it stands in the sentence, e.g. `超360亿元`. */
  text: string;
  start: number;
  end: number;
  /** e.g. `over 36 billion yuan`. */
  english: string;
}

type QuantityKind = 'amount' | 'date' | 'numeral';

export interface ParsedQuantity extends Quantity {
  kind: QuantityKind;
  /** The rendering without a counted noun (`784` for `784家`), used when a label already names the thing. */
  bare: string;
  /** True when the unit is a measure word for counted things (家, 个, 人…), not a unit such as 元 or %. */
  counted: boolean;
  /** For dates: the phrase that opens an English sentence (`In May 2020`, `As of the end of 2020`). */
  opening: string;
  /** A year without 年 (`2020全球…博览会`), mostly part of a title. */
  bareYear?: boolean;
}

// --- number values --------------------------------------------------------------------------

/** An exact decimal, digits × 10^-scale, so 1022亿 becomes 102.2 billion without float noise. */
interface Decimal {
  digits: string;
  scale: number;
}

function parseArabic(text: string): Decimal {
  const plain = text.replace(/,/g, '');
  const [whole = '0', fraction = ''] = plain.split('.');
  return normalise({ digits: whole + fraction, scale: fraction.length });
}

function normalise({ digits, scale }: Decimal): Decimal {
  let trimmed = digits.replace(/^0+(?=\d)/, '');
  let newScale = scale;
  while (newScale > 0 && trimmed.endsWith('0')) {
    trimmed = trimmed.slice(0, -1);
    newScale -= 1;
  }
  return { digits: trimmed, scale: newScale };
}

function shift(value: Decimal, powerOfTen: number): Decimal {
  const scale = value.scale - powerOfTen;
  return scale >= 0 ? normalise({ digits: value.digits, scale }) : normalise({ digits: value.digits + '0'.repeat(-scale), scale: 0 });
}

function integerLength(value: Decimal): number {
  return value.digits === '0' ? 0 : value.digits.length - value.scale;
}

function formatDecimal(value: Decimal, group: boolean): string {
  const padded = value.digits.padStart(value.scale + 1, '0');
  const whole = padded.slice(0, padded.length - value.scale);
  const fraction = padded.slice(padded.length - value.scale);
  const grouped = group && whole.length >= 4 ? whole.replace(/\B(?=(\d{3})+$)/g, ',') : whole;
  return fraction ? `${grouped}.${fraction}` : grouped;
}

/** With a Chinese magnitude (万, 亿) large values read best as millions/billions; small ones in full. */
function formatAmount(value: Decimal, hadMagnitude: boolean): string {
  const length = integerLength(value);
  if (hadMagnitude && length >= 13) return `${formatDecimal(shift(value, -12), true)} trillion`;
  if (hadMagnitude && length >= 10) return `${formatDecimal(shift(value, -9), true)} billion`;
  if (hadMagnitude && length >= 7) return `${formatDecimal(shift(value, -6), true)} million`;
  return formatDecimal(value, true);
}

const smallNumberWords = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

// --- scanning -------------------------------------------------------------------------------

const numberPattern = /(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|[零一二三四五六七八九十百千两]+/g;

/** Full-width digits and signs to ASCII, and a full-width thousands comma, one character for one, so offsets stay valid. */
function asciiDigits(text: string): string {
  return normaliseDigits(text).replace(/(?<=\d)，(?=\d{3}(?!\d))/g, ',');
}

/** Simplified script when the conversion keeps every offset (it does for the corpus); else as is. */
export function matchableText(sentence: string): string {
  const simplified = toSimplified(sentence);
  return asciiDigits(simplified.length === sentence.length ? simplified : sentence);
}

function skipSpace(text: string, position: number): number {
  return text[position] === ' ' || text[position] === '\u3000' ? position + 1 : position;
}

function readOne<T extends string>(text: string, position: number, options: readonly T[]): T | undefined {
  return options.find((option) => text.startsWith(option, position));
}

function readDigits(text: string, position: number, maxLength: number): string | undefined {
  const match = /^\d+/.exec(text.slice(position, position + maxLength + 1));
  return match && match[0].length <= maxLength ? match[0] : undefined;
}

function readPrefix(text: string, start: number): { prefix: string; english: string } | undefined {
  const position = start > 0 && text[start - 1] === ' ' ? start - 1 : start;
  for (const [prefix, english] of prefixes) {
    const at = position - prefix.length;
    if (at < 0 || !text.startsWith(prefix, at)) continue;
    const before = text[at - 1];
    if (before !== undefined && (falsePrefixBefore[prefix] ?? '').includes(before)) continue;
    return { prefix: text.slice(at, start), english };
  }
  return undefined;
}

function dayPart(text: string, position: number): { day: string; end: number } | undefined {
  const first = readDigits(text, position, 2);
  if (!first) return undefined;
  let end = position + first.length;
  let day = first;
  const dash = text[end];
  if (dash !== undefined && dashes.includes(dash)) {
    const second = readDigits(text, end + 1, 2);
    if (second) {
      day = `${first}–${second}`;
      end += 1 + second.length;
    }
  }
  return text[end] === '日' ? { day, end: end + 1 } : undefined;
}

/** `M月` or `M月D日` (with a day range) at `position`; `month` is 1–12. */
function monthPart(text: string, position: number): { month: string; day?: string; end: number } | undefined {
  const digits = readDigits(text, position, 2);
  if (!digits) return undefined;
  const monthIndex = Number(digits);
  let end = skipSpace(text, position + digits.length);
  if (monthIndex < 1 || monthIndex > 12 || text[end] !== '月') return undefined;
  end += 1;
  const month = months[monthIndex - 1] ?? '';
  const day = dayPart(text, skipSpace(text, end));
  return day ? { month, day: day.day, end: day.end } : { month, end };
}

function dateQuantity(text: string, start: number, end: number, english: string, opening: string): ParsedQuantity {
  return { text: text.slice(start, end), start, end, english, kind: 'date', bare: english, counted: false, opening };
}

/** A calendar year and what follows it (`2020年`, `2020年5月`, `2020年7月3日`, `2020年底`, `2017—2020年`). */
function readYear(text: string, start: number, year: string, afterYear: number): ParsedQuantity | undefined {
  let end = skipSpace(text, afterYear);
  const dash = text[end];
  if (dash !== undefined && dashes.includes(dash)) {
    const second = readDigits(text, skipSpace(text, end + 1), 4);
    if (second && isYearLike(second)) {
      end = skipSpace(text, end + 1) + 4;
      if (text[skipSpace(text, end)] === '年') end = skipSpace(text, end) + 1;
      const english = `${year}–${second}`;
      return dateQuantity(text, start, end, english, `In ${english}`);
    }
  }
  if (text[end] !== '年') {
    // A bare year (`2020传感器十大园区`, `(2023-2025)`) only when no unit follows: 2000余家 is a count
    // (but `2020人工智能…` is a year before a name that happens to start with the measure word 人).
    const countFollows = /[余多万亿.%]/.test(text[end] ?? '') || readOne(text, end, unitKeys);
    if (countFollows && !text.startsWith('人工', end)) return undefined;
    return { ...dateQuantity(text, start, afterYear, year, `In ${year}`), bareYear: true };
  }
  if (text[end + 1] === '代') return undefined;
  // 年底/年末/年初 share the 年; 上半年/下半年 follow it (2023年上半年).
  const edgeAt = [end, end + 1].find((at) => yearEdges.some(([word]) => text.startsWith(word, at)));
  const edge = edgeAt === undefined ? undefined : yearEdges.find(([word]) => text.startsWith(word, edgeAt));
  if (edgeAt !== undefined && edge) {
    const english = `${edge[1]} ${year}`;
    const opening = edge[0].includes('半') ? `In ${english}` : `At ${english}`;
    return dateQuantity(text, start, edgeAt + edge[0].length, english.replace(/^the /, ''), opening);
  }
  end += 1;
  if (text.startsWith('度', end)) end += 1;
  const month = monthPart(text, skipSpace(text, end));
  if (!month) return dateQuantity(text, start, end, year, `In ${year}`);
  const english = month.day ? `${month.day} ${month.month} ${year}` : `${month.month} ${year}`;
  return dateQuantity(text, start, month.end, english, month.day ? `On ${english}` : `In ${english}`);
}

/** Opening phrases that depend on the words around a date: 截至…(as of), …以来 (since). */
function frameDate(text: string, quantity: ParsedQuantity): ParsedQuantity {
  const before = text.slice(Math.max(0, quantity.start - 2), quantity.start);
  if (before === '截至' || before === '截止') {
    const opening = quantity.opening.replace(/^(In|On|At) /, 'As of ');
    return {
      ...quantity,
      start: quantity.start - 2,
      text: text.slice(quantity.start - 2, quantity.end),
      english: opening.replace(/^As of /, 'as of '),
      opening,
    };
  }
  if (text.startsWith('以来', quantity.end)) {
    const opening = quantity.opening.replace(/^(In|On|At) /, 'Since ');
    return { ...quantity, end: quantity.end + 2, text: text.slice(quantity.start, quantity.end + 2), english: opening.replace(/^Since /, 'since '), opening };
  }
  return quantity;
}

function renderUnit(value: string, unitWord: string | undefined, isOne: boolean): { english: string; bare: string; counted: boolean } {
  const found = unitWord === undefined ? undefined : units[unitWord];
  if (!found) return { english: value, bare: value, counted: false };
  const noun = isOne ? found.one : found.many;
  const withNoun = noun === '' ? value : found.attached ? `${value}${noun}` : `${value} ${noun}`;
  return { english: withNoun, bare: found.counted ? value : withNoun, counted: found.counted };
}

/** The number after a dash (sticky: read in place, not from a copy of the rest of the sentence). */
const secondNumber = /(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?/y;

function readAmount(text: string, start: number, numberText: string, afterNumber: number): ParsedQuantity | undefined {
  const isArabic = /\d/.test(numberText);
  const first: Decimal = isArabic ? parseArabic(numberText) : normalise({ digits: String(parseChineseNumeral(numberText, { lenient: true })), scale: 0 });
  let end = afterNumber;
  // 三大新兴产业 (the three major…): a count of kinds, not a quantity with a unit.
  if (!isArabic && text[end] === '大') {
    const english = smallNumberWords[Number(first.digits)] ?? formatDecimal(first, true);
    return { text: text.slice(start, end + 1), start, end: end + 1, english, kind: 'numeral', bare: english, counted: false, opening: '' };
  }
  let second: Decimal | undefined;
  const dash = text[skipSpace(text, end)];
  if (isArabic && dash !== undefined && dashes.includes(dash)) {
    const secondStart = skipSpace(text, skipSpace(text, end) + 1);
    secondNumber.lastIndex = secondStart;
    const match = secondNumber.exec(text);
    if (match) {
      second = parseArabic(match[0]);
      end = secondStart + match[0].length;
    }
  }
  end = skipSpace(text, end);
  const magnitude = magnitudes.find(([word]) => text.startsWith(word, end));
  if (magnitude) end += magnitude[0].length;
  let approximate = readOne(text, end, ['余', '多']);
  if (approximate) end += 1;
  const unitEnd = skipSpace(text, end);
  const unitWord = readOne(text, unitEnd, unitKeys);
  if (unitWord) end = unitEnd + unitWord.length;
  if (!approximate && unitWord) {
    approximate = readOne(text, end, ['余', '多']);
    if (approximate) end += 1;
  }
  // A bare number, or a day of the month without its month (`28—30日`), is left alone.
  if (!unitWord && !magnitude) return undefined;
  const power = magnitude?.[1] ?? 0;
  const render = (value: Decimal): string => {
    const scaled = shift(value, power);
    return isArabic || power > 0 ? formatAmount(scaled, power > 0) : (smallNumberWords[Number(scaled.digits)] ?? formatAmount(scaled, false));
  };
  let number = render(first);
  if (second) {
    const upper = render(second);
    const scaleWord = / (million|billion|trillion)$/.exec(upper)?.[0];
    number = scaleWord && number.endsWith(scaleWord) ? `${number.slice(0, -scaleWord.length)}–${upper}` : `${number}–${upper}`;
  }
  const isOne = !second && !approximate && integerLength(shift(first, power)) === 1 && shift(first, power).digits === '1';
  const rendered = renderUnit(number, unitWord, isOne);
  let { english, bare } = rendered;
  const { counted } = rendered;
  const prefix = readPrefix(text, start);
  const suffix = suffixes.find(([word]) => text.startsWith(word, end));
  const qualify = (value: string): string => {
    let result = value;
    if (prefix) result = `${prefix.english} ${result}`;
    else if (approximate) result = `more than ${result}`;
    if (suffix) result = suffix[1](result);
    return result;
  };
  english = qualify(english);
  bare = qualify(bare);
  if (suffix) end += suffix[0].length;
  const from = prefix ? start - prefix.prefix.length : start;
  return { text: text.slice(from, end), start: from, end, english, kind: 'amount', bare, counted, opening: '' };
}

export function scanQuantities(sentence: string): ParsedQuantity[] {
  const text = matchableText(sentence);
  const found: ParsedQuantity[] = [];
  numberPattern.lastIndex = 0;
  for (let match = numberPattern.exec(text); match; match = numberPattern.exec(text)) {
    const start = match.index;
    const numberText = match[0];
    const afterNumber = start + numberText.length;
    const before = text[start - 1] ?? '';
    let quantity: ParsedQuantity | undefined;
    if (/\d/.test(numberText)) {
      // Digits inside codes and names (PD-1, A1地块, G60, 5G, INO-4800) are not quantities.
      // 第114次 is an ordinal.
      if (/[A-Za-z0-9._*\-第]/.test(before) || /[A-Za-z]/.test(text[afterNumber] ?? '')) continue;
      if (isYearLike(numberText)) quantity = readYear(text, start, numberText, afterNumber);
      quantity ??= monthDate(text, start);
      quantity ??= readAmount(text, start, numberText, afterNumber);
    } else {
      // 第十四届 is an ordinal, a lone 一 is mostly "a"/"one kind of", 十四五 has no unit and falls out.
      if (before === '第' || numberText === '一' || numberText.startsWith('零')) continue;
      quantity = readAmount(text, start, numberText, afterNumber);
    }
    if (!quantity) continue;
    if (quantity.kind === 'date') quantity = frameDate(text, quantity);
    const previous = found.at(-1);
    if (previous && quantity.start < previous.end) continue;
    found.push({ ...quantity, text: sentence.slice(quantity.start, quantity.end) });
    numberPattern.lastIndex = Math.max(numberPattern.lastIndex, quantity.end);
  }
  return found;
}

function monthDate(text: string, start: number): ParsedQuantity | undefined {
  const month = monthPart(text, start);
  if (!month) return undefined;
  const english = month.day ? `${month.day} ${month.month}` : month.month;
  return dateQuantity(text, start, month.end, english, month.day ? `On ${english}` : `In ${english}`);
}

// --- public: numbers ------------------------------------------------------------------------

/** Every number, amount, percentage and date in a Chinese sentence, rendered for English readers. */
export function findQuantities(sentence: string): Quantity[] {
  return scanQuantities(sentence).map(({ text, start, end, english }) => ({ text, start, end, english }));
}

/**
 * One Chinese number expression in English: `1022亿元` → `102.2 billion yuan`, `1700余家` →
 * `more than 1,700 companies`, `2020年5月` → `May 2020`. Metric words around it are ignored
 * (`增长21.9%` → `21.9%`); an expression with no recognisable quantity gives ''.
 */
export function renderNumberForEnglish(zh: string): string {
  return scanQuantities(zh)
    .map((quantity) => quantity.english)
    .join(', ');
}
