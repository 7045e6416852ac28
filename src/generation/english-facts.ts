import type { GlossaryEntry } from '../text/glossary.ts';
import { amountMetrics, metricTerms } from '../question/metric-terms.ts';
import { matchableText, scanQuantities, type ParsedQuantity, type Quantity } from '../text/quantities.ts';

export { findQuantities, renderNumberForEnglish, type Quantity } from '../text/quantities.ts';

/**
 * Restates the figures of a Chinese evidence sentence for English readers without a translation
 * model: numbers, units, dates and the metric words right next to them go through fixed tables, and
 * whatever the tables do not cover is left out rather than guessed.
 */

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

// --- public: sentences ----------------------------------------------------------------------

// Verbs and particles between a metric word and its number (产值达…, 企业总计…, 营收同比增长…).
const silentWords = [
  '的',
  '达',
  '达到',
  '为',
  '约为',
  '共',
  '共计',
  '总计',
  '合计',
  '实现',
  '完成',
  '分别为',
  '分别',
  '拥有',
  '同比',
  '比上年',
  '较上年',
  '是',
  '有',
  '全年',
  '数量',
  ' ',
];

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
  const parsed = scanQuantities(sentence);
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
