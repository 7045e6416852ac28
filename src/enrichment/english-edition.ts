import type { EnrichmentRecord } from './enrichment-record.ts';

/** A passage's English edition as the API shows it: the title and the English sentences as one text. */
export function englishEditionOf(record: EnrichmentRecord): { title: string; text: string } {
  return { title: record.titleEn, text: record.sentences.map((piece) => piece.en.trim()).join(' ') };
}

/**
 * The positions of the aligned pieces that a Chinese sentence of the passage overlaps. The pieces'
 * Chinese concatenates exactly to the passage text (checked when the entry is matched), so a sentence
 * quoted from the text maps to pieces by its offset: a piece that merges two sentences, or a sentence
 * split across two pieces at `；`, maps whole. Empty when the sentence is not in the text.
 */
export function piecesOfSentence(record: EnrichmentRecord, text: string, sentence: string): number[] {
  const trimmed = sentence.trim();
  const start = trimmed === '' ? -1 : text.indexOf(trimmed);
  if (start < 0) return [];
  const end = start + trimmed.length;
  const found: number[] = [];
  let offset = 0;
  record.sentences.forEach((piece, index) => {
    const pieceEnd = offset + piece.zh.length;
    if (pieceEnd > start && offset < end) found.push(index);
    offset = pieceEnd;
  });
  return found;
}

/** The English of one or more sentences quoted from the passage (a citation's quote may join several), in passage order. */
export function englishOfQuote(record: EnrichmentRecord, text: string, sentences: readonly string[]): string | undefined {
  const pieces = [...new Set(sentences.flatMap((sentence) => piecesOfSentence(record, text, sentence)))].sort((left, right) => left - right);
  if (pieces.length === 0) return undefined;
  return pieces.map((index) => record.sentences[index]?.en.trim() ?? '').join(' ');
}
