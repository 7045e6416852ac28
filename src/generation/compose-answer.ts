import { piecesOfSentence } from '../enrichment/english-edition.ts';
import type { EnrichmentRecord } from '../enrichment/enrichment-record.ts';
import type { Chunk } from '../index-store/chunk.ts';
import type { Language } from '../text/detect-language.ts';
import type { GlossaryEntry } from '../text/glossary.ts';
import type { DeclineReason } from '../evidence/decide-answerable.ts';
import { describeSentenceInEnglish } from './english-facts.ts';
import type { Evidence } from '../evidence/select-evidence.ts';

export interface CitedEvidence {
  evidence: Evidence;
  n: number;
  documentTitle: { zh: string; en: string };
}

const finalPunctuation = /[。！？!?；;，,.…]/;

function withMarker(text: string, n: number): string {
  // The closing punctuation, read backwards (`/[…]+$/` retried from every mark of a long run).
  const trimmed = text.trim();
  let end = trimmed.length;
  while (end > 0 && finalPunctuation.test(trimmed[end - 1] as string)) end -= 1;
  return `${trimmed.slice(0, end)} [${n}]。`;
}

/** A figure as a range of what it can mean: 1022 is exactly 1022; 1000余 is 1000 to a little over; 近100 just under 100. */
interface FigureRange {
  low: number;
  high: number;
}

/** The place value of a figure's last non-zero digit (1000 → 1000, 650 → 10, 8.5 → 0.1): how coarsely it was rounded. */
function roundingStep(written: string): number {
  const [whole = '', fraction = ''] = written.split('.');
  if (fraction !== '') return 10 ** -fraction.length;
  const zeros = /0*$/.exec(whole)?.[0].length ?? 0;
  return 10 ** zeros;
}

/**
 * What a written figure can stand for. "1000亿余元" (more than 100 billion) is rounded down to its last
 * non-zero digit, so it covers 1000 up to the next step, and at most 10% more; 近 is just under, 约 either side.
 */
function figureRange(written: string, before: string, after: string): FigureRange {
  const value = Number(written);
  if (/[余多]/.test(after) || /[超逾]$/.test(before)) return { low: value, high: Math.min(value + roundingStep(written), value * 1.1) };
  if (/近$/.test(before)) return { low: value * 0.9, high: value };
  if (/约$/.test(before)) return { low: value * 0.9, high: value * 1.1 };
  return { low: value, high: value };
}

const overlaps = (left: FigureRange, right: FigureRange) => left.low <= right.high && right.low <= left.high;

/** One-character verbs and adverbs between a measure and its figure (产值达1177亿元, 产值近1000亿元). */
const linkingCharacters = new Set('达为是超逾约近有了');
/** Verbs and time words inside a clause: the measure is what follows the last of them (人工智能产业全年实现产值 → 产值). */
const linkingWords = /.*(?:实现|完成|达到|超过|突破|总计|共计|累计|合计|增至|全年)/;
const cjkRun = /[\u3400-\u9fff]+/g;

/**
 * What comes before one of a sentence's figures: the text naming its subject, and the measure the figure is of: the noun phrase of its
 * clause after its last verb (全年实现产值 → 产值, 园区集聚人工智能企业 stays whole).
 */
function figureContext(sentence: string, at: number): { context: string; measure: string; listed: boolean } {
  const before = sentence.slice(0, at);
  const clause = before.slice(Math.max(before.search(/[，,；;。：:][^，,；;。：:]*$/) + 1, 0));
  let measure = (clause.match(cjkRun) ?? []).join('');
  while (measure !== '' && linkingCharacters.has(measure[measure.length - 1] as string)) measure = measure.slice(0, -1);
  const afterVerb = measure.replace(linkingWords, '');
  if (afterVerb.length >= 2) measure = afterVerb;
  // The subject is named before the measure (人工智能产业方面，全年实现产值): the runs before it, kept apart so
  // that no run spans a figure that was left out.
  const measureAt = Math.max(0, before.lastIndexOf(measure));
  const subjectText = before.slice(Math.max(0, measureAt - 30), measureAt);
  return {
    context: (subjectText.match(cjkRun) ?? []).join('|'),
    measure,
    // "生物医药、纳米技术应用、人工智能三大新兴产业…实现产值2494亿元": a total over a list, not any one member's figure.
    listed: before.slice(-40).includes('、'),
  };
}

/** Whether two subjects name the same thing: four or more characters in a row in common (人工智能, 生物医药). */
function shareSubject(left: string, right: string): boolean {
  for (const run of left.split('|')) for (let start = 0; start + 4 <= run.length; start += 1) if (right.includes(run.slice(start, start + 4))) return true;
  return false;
}

/** The same measure: one phrase ends the other (产值 and 产业产值; not 调研企业 and 园区集聚人工智能企业). */
const sameMeasure = (left: string, right: string) => left.endsWith(right) || right.endsWith(left);

/**
 * The documents disagree when passages give different figures for the same measure of the same thing in the
 * same year and unit (000's 462亿元 and 650亿余元 for 2020 AI output value). A false alarm costs more than a
 * missed one — the answer lists every figure either way, but "the documents disagree" over unrelated numbers
 * misleads — so a pair counts only when the noun before each figure is the same (产值, 企业), both sentences
 * name the same subject before it (人工智能), and neither is a total over a listed group. Different years are a
 * comparison, not a conflict. Figures agree when they can mean the same amount: 1022亿元 and 1000亿余元 do.
 */
export function findConflict(items: CitedEvidence[]): boolean {
  interface Figure {
    chunk: string;
    range: FigureRange;
    context: string;
    measure: string;
  }
  // year + unit → the figures given in it
  const figures = new Map<string, Figure[]>();
  for (const { evidence } of items) {
    const year = /(?<!\d)(?:19|20)\d{2}(?=年)/.exec(evidence.sentence)?.[0] ?? String(evidence.hit.chunk.year);
    for (const match of evidence.excerpt.matchAll(/([超逾近约]?)(\d+(?:\.\d+)?)(亿余?元|万余?元|余?家|万平方米)/g)) {
      const unit = match[3] ?? '';
      const { context, measure, listed } = figureContext(evidence.excerpt, match.index);
      if (listed || measure.length < 2) continue;
      const key = `${year}:${unit.replace('余', '')}`;
      const figure = { chunk: evidence.hit.chunk.id, range: figureRange(match[2] ?? '', match[1] ?? '', unit), context, measure };
      figures.set(key, [...(figures.get(key) ?? []), figure]);
    }
  }
  for (const list of figures.values()) {
    for (const [index, left] of list.entries()) {
      for (const right of list.slice(index + 1)) {
        if (left.chunk === right.chunk || !sameMeasure(left.measure, right.measure) || overlaps(left.range, right.range)) continue;
        // Any agreeing figure of that measure between the two passages settles it (1010亿元 in both).
        const agrees = (one: Figure, other: Figure) => sameMeasure(one.measure, other.measure) && overlaps(one.range, other.range);
        const agreeing = list.some((one) => one.chunk === left.chunk && list.some((other) => other.chunk === right.chunk && agrees(one, other)));
        // The subject is named before the measure, or in it when the measure is a long phrase (纳米技术应用产业产值).
        const sameSubject = shareSubject(left.context, right.context) || (left.measure === right.measure && left.measure.length >= 6);
        if (!agreeing && sameSubject) return true;
      }
    }
  }
  return false;
}

/**
 * The service's own fixed wording in answers and declines. A model following the prompt's rules (give
 * each conflicting figure, say what is nearest) writes much the same, which is not repeating its
 * instructions: prompt-echo.ts counts this wording as the documents' own.
 */
const wording = {
  conflictZh: '不同资料给出的数字不一致，分别列出：',
  nearestZh: '资料中最接近的内容是：',
  notFoundZh: '抱歉，现有资料中没有找到能回答这个问题的内容。',
  notSpecificZh: '抱歉，资料提到了相关内容，但没有给出这个问题所问的具体信息。',
  conflictEn: 'The documents give different figures:',
  conflictProseEn: 'The documents give different figures for this.',
  sourceTextEn: 'Source text (Chinese):',
  closestEn: 'The closest they come is',
  notFoundEn: "Sorry, the park's documents do not answer this question.",
  notSpecificEn: 'Sorry, the documents touch on this topic but do not give the specific fact asked for.',
} as const;

export const answerWording: readonly string[] = Object.values(wording);

function sourceLabel(item: CitedEvidence, language: Language): string {
  const chunk = item.evidence.hit.chunk;
  return language === 'zh' ? `《${item.documentTitle.zh}》${chunk.year}年` : `${item.documentTitle.en} (${chunk.year})`;
}

/** Chinese answer: the answering sentences themselves, each with its marker. */
function chineseAnswer(items: CitedEvidence[], conflict: boolean): string {
  if (conflict) {
    return `${wording.conflictZh}\n${items.map((item) => `· ${sourceLabel(item, 'zh')}：${withMarker(item.evidence.excerpt, item.n)}`).join('\n')}`;
  }
  return items.map((item) => withMarker(item.evidence.excerpt, item.n)).join('');
}

/**
 * English answer without a translation model: an English lead per passage built only from what
 * the sentence contains (figures converted for English readers, names from the glossary), then the
 * Chinese sentence quoted with the same marker so the reader can check it.
 */
function englishAnswer(items: CitedEvidence[], conflict: boolean, glossary: GlossaryEntry[]): string {
  // One line per cited passage: its source once, then the facts of each of its sentences.
  const groups = new Map<number, CitedEvidence[]>();
  for (const item of items) groups.set(item.n, [...(groups.get(item.n) ?? []), item]);
  const leads = [...groups.entries()].map(([n, group]) => {
    const facts = group
      .map((item) =>
        describeSentenceInEnglish(item.evidence.excerpt, { glossary })
          .lead.trim()
          .replace(/[.;,]+$/, ''),
      )
      .filter((lead) => lead !== '');
    const label = sourceLabel(group[0] as CitedEvidence, 'en');
    return facts.length === 0 ? `${label} addresses this [${n}].` : `${label}: ${facts.join('; ')} [${n}].`;
  });
  const quotes = items.map((item) => `「${item.evidence.excerpt.trim()}」[${item.n}]`).join(' ');
  const intro = conflict ? `${wording.conflictEn}\n` : '';
  return `${intro}${leads.join(conflict ? '\n' : ' ')}\n\n${wording.sourceTextEn} ${quotes}`;
}

/** What the writers need beyond the evidence: each passage's English edition, and what the question asks for. */
export interface ComposeOptions {
  /** The passage's enrichment entry, when it has a current one. */
  englishOf?: (chunk: Chunk) => EnrichmentRecord | undefined;
  /** The question asks for a figure (a number, percentage or date): the sentence that gives one leads. */
  figureAsked?: boolean;
}

/** The English sentences aligned with an evidence sentence, or null when its passage has no English edition. */
function alignedEnglish(item: CitedEvidence, options: ComposeOptions): Array<{ key: string; index: number; en: string }> | null {
  const chunk = item.evidence.hit.chunk;
  const record = options.englishOf?.(chunk);
  if (record === undefined) return null;
  const pieces = piecesOfSentence(record, chunk.text, item.evidence.sentence);
  if (pieces.length === 0) return null;
  return pieces.map((index) => ({ key: `${chunk.id}#${index}`, index, en: record.sentences[index]?.en.trim() ?? '' })).filter((piece) => piece.en !== '');
}

const endWithMarker = (english: string, n: number) => `${english.trim().replace(/[.;:,。]+$/, '')} [${n}].`;

/**
 * English answer from the passages' English editions: the aligned English of each evidence sentence,
 * each with its [n], the one carrying the asked figure first; evidence from passages without an English
 * edition is restated as before (figures and glossary names), with its Chinese quoted. Null when no
 * evidence has an English edition.
 */
function englishProse(items: CitedEvidence[], conflict: boolean, glossary: GlossaryEntry[], options: ComposeOptions): string | null {
  const aligned = items.map((item) => ({ item, english: alignedEnglish(item, options) }));
  if (aligned.every(({ english }) => english === null)) return null;
  const seen = new Set<string>();
  const sentences: Array<{ text: string; figure: boolean; item: CitedEvidence; first: number }> = [];
  const untranslated: CitedEvidence[] = [];
  for (const { item, english } of aligned) {
    if (english === null) {
      untranslated.push(item);
      continue;
    }
    const fresh = english.filter((piece) => !seen.has(piece.key));
    for (const piece of fresh) seen.add(piece.key);
    if (fresh.length === 0) continue;
    const text = fresh.map((piece) => piece.en.trim()).join(' ');
    sentences.push({ text: endWithMarker(text, item.n), figure: /\d/.test(text.replace(/\b(?:19|20)\d{2}\b/g, '')), item, first: fresh[0]?.index ?? 0 });
  }
  // The sentence that answers best leads (the evidence reads in document order, where the passage's background often
  // comes first); then, if it gives no figure and one is asked for, the first that does.
  const bestAt = sentences.reduce(
    (best, sentence, index) => (sentence.item.evidence.score > (sentences[best]?.item.evidence.score ?? Infinity) ? index : best),
    0,
  );
  const promoted = sentences[bestAt];
  // Not one that opens by referring back ("It launched 6 projects") to a sentence the answer gives anyway: it follows it.
  const leansBack = promoted !== undefined && refersBack.test(promoted.text) && seen.has(`${promoted.item.evidence.hit.chunk.id}#${promoted.first - 1}`);
  // Only a clearly better one: between near-equals (a running total of financed AI companies and the count of AI
  // companies, 1.54 and 1.46) the document's order reads better.
  const clearlyBetter = promoted !== undefined && promoted.item.evidence.score - (sentences[0]?.item.evidence.score ?? 0) >= leadMargin;
  if (!conflict && bestAt > 0 && !leansBack && clearlyBetter) sentences.unshift(...sentences.splice(bestAt, 1));
  if (options.figureAsked && sentences[0] !== undefined && !sentences[0].figure) {
    const at = sentences.findIndex((sentence) => sentence.figure);
    if (at > 0) sentences.unshift(...sentences.splice(at, 1));
  }
  const lead = sentences[0];
  if (lead !== undefined) lead.text = withAntecedent(lead, seen, options);
  const parts = [...(conflict ? [wording.conflictProseEn] : []), ...sentences.map((sentence) => sentence.text)];
  for (const item of untranslated) {
    const { lead } = describeSentenceInEnglish(item.evidence.excerpt, { glossary });
    const facts = lead.trim().replace(/[.;,]+$/, '');
    parts.push(facts === '' ? `${sourceLabel(item, 'en')} also addresses this [${item.n}].` : `${sourceLabel(item, 'en')} also gives ${facts} [${item.n}].`);
  }
  const prose = parts.join(' ');
  if (untranslated.length === 0) return prose;
  return `${prose}\n\n${wording.sourceTextEn} ${untranslated.map((item) => `「${item.evidence.excerpt.trim()}」[${item.n}]`).join(' ')}`;
}

/** How much more the best-scoring evidence must score than the first in document order to lead instead of it. */
const leadMargin = 0.15;

/** An English sentence that opens by referring back ("It gained 45 new…", "They…"): it cannot lead an answer alone. */
const refersBack = /^(?:It|Its|They|Their|Of (?:this|these|them|which)|Among (?:them|these))\b/;
/** A sentence whose subject is the park: "SIP will…", "So far, SIP has…", "In 2020, SIP introduced…". */
const parkSubject = /^(?:[^,.]{0,40}, )?SIP\b(?!['’])/;
const asPark: Record<string, string> = { It: 'SIP', Its: "SIP's", They: 'SIP', Their: "SIP's" };

/**
 * The answer's first sentence made readable alone when it opens by referring back. Its passage's earlier sentences
 * say what "It" is: the park (the sentence before is SIP's, or a yearbook entry is the park's record throughout),
 * and "It" becomes "SIP"; otherwise the sentences back to the one it refers to are put before it (same marker).
 */
function withAntecedent(lead: { text: string; item: CitedEvidence; first: number }, seen: ReadonlySet<string>, options: ComposeOptions): string {
  const opening = refersBack.exec(lead.text)?.[0];
  if (opening === undefined) return lead.text;
  const chunk = lead.item.evidence.hit.chunk;
  const pieces = options.englishOf?.(chunk)?.sentences ?? [];
  const index = lead.first;
  let back = index - 1;
  while (back >= 0 && refersBack.test(pieces[back]?.en.trim() ?? '')) back -= 1;
  const antecedent = pieces[back]?.en.trim();
  const park = asPark[opening];
  if (park !== undefined && ((antecedent === undefined && chunk.kind === 'entry') || (antecedent !== undefined && parkSubject.test(antecedent))))
    return `${park}${lead.text.slice(opening.length)}`;
  // The sentences before it back to the one that names what "It" is ("In 2020, the institute… It built… It launched…"),
  // short of one the answer already gives.
  const before: string[] = [];
  for (let at = index - 1; at >= 0 && at >= index - 3 && !seen.has(`${chunk.id}#${at}`); at -= 1) {
    const previous = pieces[at]?.en.trim() ?? '';
    if (previous === '') break;
    before.unshift(previous);
    if (!refersBack.test(previous)) break;
  }
  return before.length === 0 ? lead.text : `${before.join(' ')} ${lead.text}`;
}

export function composeAnswer(items: CitedEvidence[], language: Language, glossary: GlossaryEntry[], options: ComposeOptions = {}): string {
  const conflict = findConflict(items);
  if (language === 'zh') return chineseAnswer(items, conflict);
  return englishProse(items, conflict, glossary, options) ?? englishAnswer(items, conflict, glossary);
}

/** Whether every year lies within the years the documents cover (from the first to the last). */
function withinSpan(years: number[], covered: number[]): boolean {
  return covered.length > 0 && years.every((year) => year >= Math.min(...covered) && year <= Math.max(...covered));
}

function describeYears(years: number[]): string {
  if (years.length === 0) return '';
  const sorted = [...years].sort((left, right) => left - right);
  return sorted.length === 1 ? String(sorted[0]) : `${sorted[0]}–${sorted[sorted.length - 1]}`;
}

/** A polite decline in the question's language, saying why and, when there is one, what is nearest. */
export function composeDecline(
  reason: DeclineReason,
  language: Language,
  nearest: CitedEvidence | null,
  glossary: GlossaryEntry[],
  coveredYears: number[],
  options: ComposeOptions = {},
): string {
  const span = describeYears(coveredYears);
  let head: string;
  if (language === 'zh') {
    switch (reason.kind) {
      case 'unknown-name':
        head = `抱歉，现有资料没有涉及「${reason.names.join('」「')}」的内容，无法回答。本服务只根据苏州工业园区的资料作答。`;
        break;
      case 'year':
        head = withinSpan(reason.years, coveredYears)
          ? `抱歉，资料中没有给出${reason.years.join('、')}年的这项信息。`
          : `抱歉，资料中没有${reason.years.join('、')}年的相关信息（现有资料涉及的年份为${span}年）。`;
        break;
      case 'no-fact':
        head = reason.attributes?.length ? `抱歉，现有资料没有提供${reason.attributes.map((item) => item.zh).join('、')}方面的信息。` : wording.notSpecificZh;
        break;
      default:
        head = wording.notFoundZh;
    }
    return nearest === null ? head : `${head}\n${wording.nearestZh}${withMarker(nearest.evidence.excerpt, nearest.n)}`;
  }
  switch (reason.kind) {
    case 'unknown-name':
      head = `Sorry, the park's documents do not mention ${reason.names.map((name) => `“${name}”`).join(', ')}, so I cannot answer. This service answers only from the Suzhou Industrial Park documents.`;
      break;
    case 'year':
      // "They cover 2020–2024" would contradict itself for a year inside that span: there the fact is missing, not the year.
      head = withinSpan(reason.years, coveredYears)
        ? `Sorry, the documents do not give this for ${reason.years.join(' or ')}.`
        : `Sorry, the documents have no information for ${reason.years.join(', ')} (they cover ${span}).`;
      break;
    case 'no-fact':
      head = reason.attributes?.length
        ? `Sorry, the park's documents give no information on ${reason.attributes.map((item) => item.en).join(' or ')}.`
        : wording.notSpecificEn;
      break;
    default:
      head = wording.notFoundEn;
  }
  if (nearest === null) return head;
  const aligned = alignedEnglish(nearest, options);
  if (aligned !== null && aligned.length > 0)
    return `${head}\n${wording.closestEn} this: ${endWithMarker(aligned.map((piece) => piece.en).join(' '), nearest.n)}`;
  const { lead } = describeSentenceInEnglish(nearest.evidence.excerpt, { glossary });
  const label = sourceLabel(nearest, 'en');
  const english = lead.trim() === '' ? `${label} [${nearest.n}]` : `${label}: ${lead.trim().replace(/[.;,]+$/, '')} [${nearest.n}]`;
  return `${head}\n${wording.closestEn} ${english}.\n\n${wording.sourceTextEn} 「${nearest.evidence.excerpt.trim()}」[${nearest.n}]`;
}
