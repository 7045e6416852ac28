import type { CleanDocument } from './clean-document.ts';
import { splitPassageSentences as splitSentences } from '../text/split-sentences.ts';

export interface SectionPiece {
  title: string;
  section: string[];
  text: string;
  original?: string;
  start: number;
}

export interface SectionSplitOptions {
  /** A chunk grows to about this many characters of prose... */
  targetChars: number;
  /** ...and never beyond this (a longer sentence is cut at commas, then by size). */
  maxChars: number;
  /** Each further chunk of one section starts with the previous chunk's last sentences, up to this many characters. */
  overlapChars: number;
}

/** Chinese sentences join with nothing between them; English ones with a space. */
function joinSentences(texts: string[]): string {
  return texts.reduce((joined, text) => (joined !== '' && /[\x21-\x7e]$/.test(joined) && /^[\x21-\x7e]/.test(text) ? `${joined} ${text}` : joined + text), '');
}

interface Sentence {
  text: string;
  original: string | undefined;
  start: number;
}

/**
 * Documents without 【】 entries (extracted PDFs, Word files, web pages, Markdown): split first by
 * headings — each chunk's section path is the headings above it, below the title — then, inside a
 * section, by size at sentence boundaries, each further chunk repeating the previous one's last
 * sentences so a fact cut at a boundary is still whole in one chunk.
 */
export function splitSections(document: CleanDocument, { targetChars, maxChars, overlapChars }: SectionSplitOptions): SectionPiece[] {
  const pieces: SectionPiece[] = [];
  const path: Array<{ level: number; text: string }> = [];
  let sentences: Sentence[] = [];

  const emit = (group: Sentence[]) => {
    const first = group[0];
    if (first === undefined) return;
    const headings = path.map((entry) => entry.text);
    const text = joinSentences(group.map((sentence) => sentence.text));
    const originals = joinSentences(group.map((sentence) => sentence.original ?? sentence.text));
    pieces.push({
      title: headings.at(-1) ?? document.title,
      section: [document.title, ...headings],
      text,
      ...(group.some((sentence) => sentence.original !== undefined) && originals !== text ? { original: originals } : {}),
      start: first.start,
    });
  };
  const flushSection = () => {
    let group: Sentence[] = [];
    let length = 0;
    for (const sentence of sentences) {
      if (group.length > 0 && (length + sentence.text.length > maxChars || length >= targetChars)) {
        emit(group);
        // The overlap: the last sentences of the chunk just written, as many as fit in overlapChars.
        const carried: Sentence[] = [];
        let carriedLength = 0;
        for (const previous of [...group].reverse()) {
          if (carriedLength + previous.text.length > overlapChars || carried.length + 1 >= group.length) break;
          carried.unshift(previous);
          carriedLength += previous.text.length;
        }
        group = carried;
        length = carriedLength;
      }
      group.push(sentence);
      length += sentence.text.length;
    }
    emit(group);
    sentences = [];
  };

  document.blocks.forEach((block, index) => {
    const offset = document.offsets[index] ?? 0;
    if (block.kind !== 'paragraph') {
      flushSection();
      const level = block.level ?? 2;
      // The title is the document's, already first in every path.
      if (index === 0 && block.text === document.title) return;
      while ((path.at(-1)?.level ?? 0) >= level) path.pop();
      path.push({ level, text: block.text });
      return;
    }
    const parts = splitSentences(block.text, maxChars);
    // Originals (traditional script) are kept per paragraph: sentence boundaries match one to one
    // only when the conversion kept the punctuation, which it does.
    const originalParts = block.original !== undefined ? splitSentences(block.original, maxChars) : [];
    let cursor = offset;
    parts.forEach((text, position) => {
      const original = originalParts.length === parts.length ? originalParts[position] : undefined;
      sentences.push({ text, original, start: cursor });
      cursor += text.length;
    });
  });
  flushSection();
  return pieces;
}
