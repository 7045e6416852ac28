import type { GlossaryEntry } from '../text/glossary.ts';
import { toSimplified } from '../text/to-simplified.ts';
import { amountMetrics, metricTerms } from '../question/metric-terms.ts';
import { isYearLike } from '../text/written-years.ts';
import { parseChineseNumeral } from '../text/chinese-numerals.ts';

/**
 * Restates the figures of a Chinese evidence sentence for English readers without a translation
 * model: numbers, units, dates and the metric words right next to them go through fixed tables, and
 * whatever the tables do not cover is left out rather than guessed.
 */

export interface Quantity {
  /** The Chinese expression as it stands in the sentence, e.g. `超360亿元`. */
  text: string;
  start: number;
  end: number;
  /** e.g. `over 36 billion yuan`. */
  english: string;
}

export interface DescribedQuantity extends Quantity {
  /** What the figure measures, from the metric words beside it (`output value`), or null. */
  label: string | null;
}

export interface GlossaryName {
  zh: string;
  en: string;
}

export interface SentenceDescription {
  /** Facts of the sentence in English, e.g. `output value: 102.2 billion yuan; new Class 1 new drug clinical approvals: 100`. */
  lead: string;
  names: GlossaryName[];
  quantities: DescribedQuantity[];
}

type QuantityKind = 'amount' | 'date' | 'numeral';

interface ParsedQuantity extends Quantity {
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

// --- tables ---------------------------------------------------------------------------------

const magnitudes: ReadonlyArray<readonly [string, number]> = [
  ['万亿', 12],
  ['千万', 7],
  ['百万', 6],
  ['亿', 8],
  ['万', 4],
];

interface Unit {
  one: string;
  many: string;
  /** Measure words count things; their noun is dropped when a metric label names the things. */
  counted: boolean;
  /** `%` attaches without a space. */
  attached?: boolean;
}

const unit = (one: string, many = one, counted = false): Unit => ({ one, many, counted });
const counter = (one: string, many: string): Unit => ({ one, many, counted: true });
// Measure words whose noun depends on context (个, 件, 张…) render as a bare number.
const bareCounter: Unit = { one: '', many: '', counted: true };

const units: Readonly<Record<string, Unit>> = {
  元: unit('yuan'),
  美元: unit('US dollar', 'US dollars'),
  平方米: unit('m²'),
  '㎡': unit('m²'),
  平方公里: unit('km²'),
  公里: unit('km'),
  千米: unit('km'),
  毫米: unit('mm'),
  米: unit('m'),
  吨: unit('tonne', 'tonnes'),
  亩: unit('mu'),
  '%': { one: '%', many: '%', counted: false, attached: true },
  个百分点: unit('percentage point', 'percentage points'),
  倍: unit('times'),
  年: unit('year', 'years'),
  个月: unit('month', 'months'),
  天: unit('day', 'days'),
  小时: unit('hour', 'hours'),
  分钟: unit('minute', 'minutes'),
  岁: unit('year old', 'years old'),
  家: counter('company', 'companies'),
  人: counter('person', 'people'),
  名: counter('person', 'people'),
  位: counter('person', 'people'),
  项: counter('item', 'items'),
  款: counter('product', 'products'),
  支: counter('team', 'teams'),
  所: counter('institution', 'institutions'),
  台: counter('unit', 'units'),
  套: counter('set', 'sets'),
  批: counter('batch', 'batches'),
  种: counter('kind', 'kinds'),
  次: counter('time', 'times'),
  例: counter('case', 'cases'),
  场: counter('session', 'sessions'),
  篇: counter('article', 'articles'),
  个: bareCounter,
  件: bareCounter,
  张: bareCounter,
  座: bareCounter,
  条: bareCounter,
};
const unitKeys = Object.keys(units).sort((a, b) => b.length - a.length);

const prefixes: ReadonlyArray<readonly [string, string]> = [
  ['将近', 'nearly'],
  ['接近', 'nearly'],
  ['超过', 'over'],
  ['超出', 'over'],
  ['突破', 'over'],
  ['大约', 'about'],
  ['不足', 'under'],
  ['不到', 'under'],
  ['高达', 'as much as'],
  ['最高', 'up to'],
  ['近', 'nearly'],
  ['超', 'over'],
  ['逾', 'over'],
  ['约', 'about'],
];
// 最近 (recently), 签约 (sign) and the like end in a prefix character without being one.
const falsePrefixBefore: Readonly<Record<string, string>> = { 近: '最附', 约: '签合制节公条', 超: '高' };

const suffixes: ReadonlyArray<readonly [string, (value: string) => string]> = [
  ['以上', (value) => `${value} or more`],
  ['以下', (value) => `${value} or less`],
  ['以内', (value) => `up to ${value}`],
  ['左右', (value) => `about ${value}`],
];

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const dashes = '—–-~～至到';
const yearEdges: ReadonlyArray<readonly [string, string]> = [
  ['上半年', 'the first half of'],
  ['下半年', 'the second half of'],
  ['年底', 'the end of'],
  ['年末', 'the end of'],
  ['年初', 'the start of'],
];

// --- scanning -------------------------------------------------------------------------------

const numberPattern = /(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|[零一二三四五六七八九十百千两]+/g;

/** Full-width digits and signs to ASCII, one character for one, so offsets stay valid. */
function normaliseDigits(text: string): string {
  return text
    .replace(/[０-９．％]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0))
    .replace(/(?<=\d)，(?=\d{3}(?!\d))/g, ',');
}

/** Simplified script when the conversion keeps every offset (it does for the corpus); else as is. */
function matchableText(sentence: string): string {
  const simplified = toSimplified(sentence);
  return normaliseDigits(simplified.length === sentence.length ? simplified : sentence);
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
    return { ...quantity, start: quantity.start - 2, text: text.slice(quantity.start - 2, quantity.end), english: opening.replace(/^As of /, 'as of '), opening };
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

function scan(sentence: string): ParsedQuantity[] {
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
  return scan(sentence).map(({ text, start, end, english }) => ({ text, start, end, english }));
}

/**
 * One Chinese number expression in English: `1022亿元` → `102.2 billion yuan`, `1700余家` →
 * `more than 1,700 companies`, `2020年5月` → `May 2020`. Metric words around it are ignored
 * (`增长21.9%` → `21.9%`); an expression with no recognisable quantity gives ''.
 */
export function renderNumberForEnglish(zh: string): string {
  return scan(zh)
    .map((quantity) => quantity.english)
    .join(', ');
}

// --- public: sentences ----------------------------------------------------------------------

// Verbs and particles between a metric word and its number (产值达…, 企业总计…, 营收同比增长…).
const silentWords = ['的', '达', '达到', '为', '约为', '共', '共计', '总计', '合计', '实现', '完成', '分别为', '分别', '拥有', '同比', '比上年', '较上年', '是', '有', '全年', '数量', ' '];

interface Lexicon {
  /** Chinese word → English label part; '' for words that are skipped silently. */
  words: Map<string, string>;
  names: Array<{ spelling: string; entry: GlossaryEntry }>;
  longest: number;
}

const lexicons = new WeakMap<GlossaryEntry[], Lexicon>();

function lexiconFor(glossary: GlossaryEntry[]): Lexicon {
  const cached = lexicons.get(glossary);
  if (cached) return cached;
  const words = new Map<string, string>();
  const names: Lexicon['names'] = [];
  for (const entry of glossary) {
    const english = entry.en[0] ?? '';
    for (const spelling of [entry.zh, ...(entry.aliases ?? [])]) {
      names.push({ spelling, entry });
      // Generic terms (一类新药, 高新技术企业) can name what a number counts; proper names cannot.
      if ((entry.kind === 'term' || entry.kind === 'award') && english) words.set(spelling, english);
    }
  }
  for (const [zh, english] of Object.entries(metricTerms)) words.set(zh, english);
  for (const zh of silentWords) words.set(zh, '');
  names.sort((a, b) => b.spelling.length - a.spelling.length);
  const longest = Math.max(...[...words.keys()].map((word) => word.length));
  const lexicon = { words, names, longest };
  lexicons.set(glossary, lexicon);
  return lexicon;
}

interface Span {
  start: number;
  end: number;
}

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

function findNames(text: string, lexicon: Lexicon): Array<Span & { entry: GlossaryEntry }> {
  const taken: Array<Span & { entry: GlossaryEntry }> = [];
  for (const { spelling, entry } of lexicon.names) {
    for (let at = text.indexOf(spelling); at >= 0; at = text.indexOf(spelling, at + 1)) {
      const span = { start: at, end: at + spelling.length, entry };
      if (!taken.some((other) => overlaps(span, other))) taken.push(span);
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

interface Label extends Span {
  text: string;
}

/** Verbs that stand between a metric and its figure (longest first). */
const linkers = ['首次突破', '累计达到', '累计达', '达到', '突破', '超过', '首次', '达', '为'];

/**
 * The metric words touching a number on one side, read outward until a word the tables do not know.
 * Reading left stops before an item of an enumeration (`生物医药、纳米、人工智能三大新兴产业企业`):
 * the last item alone would misstate what the number covers.
 */
function readLabel(text: string, from: number, limit: number, direction: -1 | 1, lexicon: Lexicon, numerals: ParsedQuantity[], counted: boolean): Label {
  const parts: string[] = [];
  let position = from;
  let reached = from;
  // 「产值首次突破千亿元」: a verb between the metric and its figure is stepped over, not a stop.
  if (direction < 0) {
    const linker = linkers.find((word) => text.slice(Math.max(limit, position - word.length), position) === word);
    if (linker !== undefined) position -= linker.length;
  }
  while (parts.length < 5 && (direction < 0 ? position > limit : position < limit)) {
    const numeral = numerals.find((quantity) => (direction < 0 ? quantity.end === position : quantity.start === position));
    let matched: string | undefined;
    let english = '';
    if (numeral) {
      matched = numeral.text;
      english = `${numeral.english} major`;
    } else {
      for (let length = Math.min(lexicon.longest, Math.abs(limit - position)); length > 0 && !matched; length -= 1) {
        const candidate = direction < 0 ? text.slice(position - length, position) : text.slice(position, position + length);
        if (lexicon.words.has(candidate) && !(counted && amountMetrics.has(candidate))) matched = candidate;
      }
      english = matched === undefined ? '' : (lexicon.words.get(matched) ?? '');
    }
    if (matched === undefined) break;
    const next = position + direction * matched.length;
    if (direction < 0 && text[next - 1] === '、') break;
    if (english) parts.push(english);
    position = next;
    if (english) reached = position;
  }
  if (direction < 0) parts.reverse();
  return { text: tidyLabel(parts), start: Math.min(from, reached), end: Math.max(from, reached) };
}

/** 新增上市销售新药 → "new drugs approved for sale", not "new new drugs…"; 占…比重 → one "share". */
function tidyLabel(parts: string[]): string {
  const kept = parts.filter((part, index) => {
    const next = parts[index + 1];
    return !(next && next.split(' ')[0] === part) && !(part === 'share' && parts.includes('share of'));
  });
  return kept.join(' ');
}

/**
 * An honest English summary of the facts in one Chinese sentence: each quantity with the metric
 * words beside it, the glossary names it mentions, and the date it opens with. Everything comes
 * from the sentence; words the tables cannot render are dropped, never guessed.
 */
export function describeSentenceInEnglish(sentence: string, { glossary }: { glossary: GlossaryEntry[] }): SentenceDescription {
  const text = matchableText(sentence);
  const lexicon = lexiconFor(glossary);
  const nameSpans = findNames(text, lexicon);
  const parsed = scan(sentence);
  const numerals = parsed.filter((quantity) => quantity.kind === 'numeral');
  const figures = parsed.filter((quantity) => quantity.kind !== 'numeral');
  const labelSpans: Span[] = [];
  const quantities: DescribedQuantity[] = [];
  const facts: string[] = [];
  let opening = '';

  figures.forEach((quantity, index) => {
    const { text: quantityText, start, end, english } = quantity;
    // Numbers inside a name (2020全球人工智能产品应用博览会, 三年行动计划) are part of the name.
    const insideName = nameSpans.some((span) => span.start <= start && end <= span.end);
    if (quantity.kind === 'date') {
      quantities.push({ text: quantityText, start, end, english, label: null });
      // A sentence that opens with its date (`2020年，园区…`) is framed by it: `In 2020: …`; a bare year
      // at the start is mostly a title's (`2020全球人工智能产品应用博览会…`).
      const before = text.slice(0, start).replace(/【[^】]*】|[\s*#]/g, '');
      if (index === 0 && before === '' && !quantity.bareYear) opening = quantity.opening;
      else if (!insideName && !quantity.bareYear) facts.push(english);
      return;
    }
    const floor = figures[index - 1]?.end ?? 0;
    const ceiling = figures[index + 1]?.start ?? text.length;
    // 784家高新技术企业: a measure word is followed by what it counts; 产值1022亿元: the metric comes first.
    const sides: Array<-1 | 1> = quantity.counted ? [1, -1] : [-1, 1];
    let label: Label | undefined;
    for (const direction of sides) {
      label = readLabel(text, direction < 0 ? start : end, direction < 0 ? floor : ceiling, direction, lexicon, numerals, quantity.counted);
      if (label.text) break;
    }
    const labelText = label?.text ?? '';
    if (label && labelText) labelSpans.push(label);
    quantities.push({ text: quantityText, start, end, english, label: labelText || null });
    if (!insideName) facts.push(labelText ? `${labelText}: ${quantity.counted ? quantity.bare : english}` : english);
  });

  const names: GlossaryName[] = [];
  const mentioned: string[] = [];
  for (const span of nameSpans) {
    const name = { zh: span.entry.zh, en: span.entry.en[0] ?? span.entry.zh };
    if (!names.some((known) => known.zh === name.zh)) names.push(name);
    const inLabel = labelSpans.some((label) => overlaps(span, label));
    if (!inLabel && !mentioned.includes(name.en)) mentioned.push(name.en);
  }
  let lead = facts.join('; ');
  if (lead && mentioned.length > 0) lead += ` (${mentioned.join(', ')})`;
  else if (!lead) lead = mentioned.join(', ');
  if (opening) lead = lead ? `${opening}: ${lead}` : opening;
  return { lead, names, quantities };
}
