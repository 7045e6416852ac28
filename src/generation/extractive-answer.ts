import type { Chunk } from '../index-store/chunk.ts';
import type { Citation } from '../question/answer-parts.ts';
import type { GlossaryEntry } from '../text/glossary.ts';
import type { Analysis } from '../evidence/create-analyzer.ts';
import type { Evidence } from '../evidence/select-evidence.ts';
import { composeAnswer, composeDecline, type CitedEvidence } from './compose-answer.ts';

export type DocumentTitleOf = (chunk: Chunk) => { zh: string; en: string };

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
}

const round = (value: number) => Math.round(value * 100) / 100;

// Contact data is removed on the way out (redactAnswerStream), where the source's policy is known.
export function toCitation(chunk: Chunk, n: number, quote: string, score: number, documentTitle: DocumentTitleOf): Citation {
  return { n, id: chunk.id, docId: chunk.docId, title: chunk.title, section: chunk.section, year: chunk.year, text: chunk.text, quote, score: round(score), documentTitle: documentTitle(chunk) };
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

function citationsFor(items: CitedEvidence[], documentTitle: DocumentTitleOf): Citation[] {
  const seen = new Map<number, Citation>();
  for (const item of items) {
    const existing = seen.get(item.n);
    if (existing === undefined) seen.set(item.n, toCitation(item.evidence.hit.chunk, item.n, item.evidence.sentence, item.evidence.hit.score, documentTitle));
    else if (!existing.quote.includes(item.evidence.sentence)) existing.quote = `${existing.quote}${item.evidence.sentence}`;
  }
  return [...seen.values()];
}

/** The answer written from the chosen sentences themselves, or the decline that says why there is none. */
export function extractiveAnswer({ decision, evidence, language }: Pick<Analysis, 'decision' | 'evidence' | 'language'>, options: ExtractiveOptions): ExtractiveAnswer {
  const { glossary, coveredYears, documentTitle } = options;
  if (decision.answerable) {
    const items = citeEvidence(evidence, documentTitle);
    return { answer: composeAnswer(items, language, glossary), answered: true, citations: citationsFor(items, documentTitle) };
  }
  // Point at the nearest passage only when it is about the question's subject at all.
  const nearestEvidence = decision.reason.kind !== 'unknown-name' && evidence[0] !== undefined && evidence[0].coverage >= 0.35 ? evidence[0] : null;
  const nearest = nearestEvidence === null ? null : (citeEvidence([nearestEvidence], documentTitle)[0] ?? null);
  return {
    answer: composeDecline(decision.reason, language, nearest, glossary, coveredYears),
    answered: false,
    citations: nearest === null ? [] : citationsFor([nearest], documentTitle),
  };
}

/** Splits finished text into a few deltas, so JSON and SSE clients see the same protocol. */
export function* textDeltas(text: string): Generator<string> {
  const pieces = text.match(/[^。！？.!?\n]+[。！？.!?\n]*|[。！？.!?\n]+/g) ?? [text];
  for (const piece of pieces) yield piece;
}
