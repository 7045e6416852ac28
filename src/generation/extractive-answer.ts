import type { Chunk } from '../index-store/chunk.ts';
import type { Citation, EnglishEdition } from '../question/answer-parts.ts';
import type { EnrichmentRecord } from '../enrichment/enrichment-record.ts';
import { splitPassageSentences } from '../text/split-sentences.ts';
import type { GlossaryEntry } from '../text/glossary.ts';
import type { Analysis } from '../evidence/create-analyzer.ts';
import type { Evidence } from '../evidence/select-evidence.ts';
import { composeAnswer, composeDecline, type CitedEvidence } from './compose-answer.ts';
import { hasQuantity } from '../question/question-analysis.ts';
import { bodiesListed } from '../evidence/listed-count.ts';
import { isCountCounter } from '../evidence/counts-asked-thing.ts';
import type { Language } from '../text/detect-language.ts';

export type DocumentTitleOf = (chunk: Chunk) => { zh: string; en: string };
/** A passage's English edition with the English of the quoted sentences (the bilingual knowledge base), or undefined. */
export type EnglishFor = (chunk: Chunk, quoted: readonly string[]) => EnglishEdition | undefined;

export interface ExtractiveAnswer {
  answer: string;
  answered: boolean;
  citations: Citation[];
}

export interface ExtractiveOptions {
  glossary: GlossaryEntry[];
  /** The years the passages are about, ascending: a decline for another year names them. */
  coveredYears: number[];
  documentTitle: DocumentTitleOf;
  /** The passages' enrichment records: English answers are written from their aligned English. */
  enrichmentOf?: (chunk: Chunk) => EnrichmentRecord | undefined;
  englishFor?: EnglishFor;
}

const round = (value: number) => Math.round(value * 100) / 100;

// Contact data is removed on the way out (redactAnswerStream), where the source's policy is known.
export function toCitation(
  chunk: Chunk,
  n: number,
  quote: string,
  score: number,
  documentTitle: DocumentTitleOf,
  englishFor?: EnglishFor,
  quoted: readonly string[] = quote === '' ? [] : splitPassageSentences(quote),
): Citation {
  const english = englishFor?.(chunk, quoted);
  return {
    n,
    id: chunk.id,
    docId: chunk.docId,
    title: chunk.title,
    section: chunk.section,
    year: chunk.year,
    text: chunk.text,
    quote,
    score: round(score),
    documentTitle: documentTitle(chunk),
    ...(english !== undefined ? { english } : {}),
  };
}

/** Distinct passages of the chosen evidence, numbered in order. */
function citeEvidence(evidence: Evidence[], documentTitle: DocumentTitleOf): CitedEvidence[] {
  const numbers = new Map<string, number>();
  return evidence.map((item) => {
    const id = item.hit.chunk.id;
    const n = numbers.get(id) ?? numbers.size + 1;
    numbers.set(id, n);
    return { evidence: item, n, documentTitle: documentTitle(item.hit.chunk) };
  });
}

function citationsFor(items: CitedEvidence[], documentTitle: DocumentTitleOf, englishFor?: EnglishFor): Citation[] {
  const seen = new Map<number, { first: CitedEvidence; quote: string; sentences: string[] }>();
  for (const item of items) {
    const existing = seen.get(item.n);
    if (existing === undefined) seen.set(item.n, { first: item, quote: item.evidence.sentence, sentences: [item.evidence.sentence] });
    else if (!existing.quote.includes(item.evidence.sentence)) {
      existing.quote = `${existing.quote}${item.evidence.sentence}`;
      existing.sentences.push(item.evidence.sentence);
    }
  }
  return [...seen.values()].map(({ first, quote, sentences }) =>
    toCitation(first.evidence.hit.chunk, first.n, quote, first.evidence.hit.score, documentTitle, englishFor, sentences),
  );
}

/** The answer written from the chosen sentences themselves, or the decline that says why there is none. */
export function extractiveAnswer(
  { decision, evidence, language, needs }: Pick<Analysis, 'decision' | 'evidence' | 'language' | 'needs'>,
  options: ExtractiveOptions,
): ExtractiveAnswer {
  const { glossary, coveredYears, documentTitle, englishFor } = options;
  const englishOf = options.enrichmentOf === undefined ? {} : { englishOf: options.enrichmentOf };
  if (decision.answerable) {
    const items = citeEvidence(evidence, documentTitle);
    const figureAsked = needs.number || needs.percent || needs.date;
    return {
      answer: withCount(composeAnswer(items, language, glossary, { ...englishOf, figureAsked }), countOfList(evidence[0]?.sentence, needs, language)),
      answered: true,
      citations: citationsFor(items, documentTitle, englishFor),
    };
  }
  // Point at the nearest passage only when it is about the question's subject at all.
  const nearestEvidence = decision.reason.kind !== 'unknown-name' && evidence[0] !== undefined && evidence[0].coverage >= 0.35 ? evidence[0] : null;
  const nearest = nearestEvidence === null ? null : (citeEvidence([nearestEvidence], documentTitle)[0] ?? null);
  return {
    answer: composeDecline(decision.reason, language, nearest, glossary, coveredYears, englishOf),
    answered: false,
    citations: nearest === null ? [] : citationsFor([nearest], documentTitle, englishFor),
  };
}

/**
 * "How many companies listed on the SSE?" answered by a sentence that names them without a figure: the answer says how
 * many it names («共4家。», "That is 4 in all.").
 */
function countOfList(sentence: string | undefined, needs: Analysis['needs'], language: Language): string {
  if (sentence === undefined || !needs.number || needs.percent || needs.date || hasQuantity(sentence)) return '';
  const count = bodiesListed(sentence);
  if (count === null) return '';
  const noun = needs.unit === '家' ? 'companies ' : needs.unit === '所' ? 'institutions ' : '';
  return language === 'zh' ? `共${count}${needs.unit !== null && isCountCounter(needs.unit) ? needs.unit : '个'}。` : ` That is ${count} ${noun}in all.`;
}

/** The count said right after the lead sentence that lists them (its first `[n]` and full stop). */
function withCount(answer: string, count: string): string {
  if (count === '') return answer;
  const lead = /\[\d+\][。.]/.exec(answer);
  return lead === null ? answer + count : `${answer.slice(0, lead.index + lead[0].length)}${count}${answer.slice(lead.index + lead[0].length)}`;
}

/** Splits finished text into a few deltas, so JSON and SSE clients see the same protocol. */
export function* textDeltas(text: string): Generator<string> {
  const pieces = text.match(/[^。！？.!?\n]+[。！？.!?\n]*|[。！？.!?\n]+/g) ?? [text];
  for (const piece of pieces) yield piece;
}
