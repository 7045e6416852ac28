import type { Chunk } from '../index-store/chunk.ts';
import type { CleanDocument } from './clean-document.ts';
import { splitSections } from './split-sections.ts';
import { splitPassageSentences } from '../text/split-sentences.ts';

/**
 * The version of cleaning, splitting and the words passages are cut into, together: an index another version made is
 * rebuilt at start and its documents split again at ingest (a document's unchanged bytes no longer mean unchanged
 * passages or tokens).
 * 2: yearbook photo captions that state an event no entry reports are kept as a 【图片说明】 entry.
 * 3: words cut with jieba's smaller dictionary (text/jieba-dictionary.ts).
 * 4: the knowledge base's Chinese alias names are jieba words too (enrichment/index-user-words.ts).
 * 5: English words are indexed in American spelling (centres → centers: text/american-spelling.ts).
 */
export const CHUNKER_VERSION = 5;

export interface SplitOptions {
  /** Longest chunk text in characters; longer entries are split at sentence boundaries. */
  maxChars?: number;
  /** Articles: paragraphs are grouped up to about this many characters under one sub-heading. */
  targetChars?: number;
  /** Extracted documents without 【】 entries: sentences repeated from one chunk at the start of the next. */
  overlapChars?: number;
}

/** Groups consecutive sentences into pieces of at most `maxChars`, balanced in size. */
function packSentences(sentences: string[], maxChars: number): string[] {
  const total = sentences.reduce((sum, sentence) => sum + sentence.length, 0);
  const parts = Math.max(1, Math.ceil(total / maxChars));
  const target = total / parts;
  const pieces: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current !== '' && (current.length + sentence.length > maxChars || current.length >= target)) {
      pieces.push(current);
      current = '';
    }
    current += sentence;
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

interface Piece {
  title: string;
  section: string[];
  text: string;
  original?: string;
  start: number;
  kind: Chunk['kind'];
}

function yearbookPieces(document: CleanDocument, maxChars: number): Piece[] {
  const chapter = document.source.chapter ?? document.title;
  const pieces: Piece[] = [];
  let section = '';
  let entry: { title: string; texts: string[]; start: number } | null = null;
  const flush = () => {
    if (entry === null || entry.texts.length === 0) return;
    const body = entry.texts.join('');
    const parts = body.length > maxChars ? packSentences(splitPassageSentences(body, maxChars), maxChars) : [body];
    let offset = entry.start;
    for (const text of parts) {
      const at = document.text.indexOf(text.slice(0, 20), offset);
      const start = at >= 0 ? at : offset;
      pieces.push({ title: entry.title, section: [chapter, section, entry.title].filter((s) => s !== ''), text, start, kind: 'entry' });
      offset = start + text.length;
    }
    entry = null;
  };
  document.blocks.forEach((block, index) => {
    const offset = document.offsets[index] ?? 0;
    if (block.kind === 'section') {
      flush();
      section = block.text;
      return;
    }
    const match = /^(【[^】]{1,80}】)\s*/.exec(block.text);
    if (match?.[1] !== undefined) {
      flush();
      const rest = block.text.slice(match[0].length);
      entry = { title: match[1], texts: rest === '' ? [] : [rest], start: offset + match[0].length };
      return;
    }
    // Prose outside any 【】 entry (rare) becomes its own entry titled by its section.
    if (entry === null) entry = { title: section || chapter, texts: [], start: offset };
    if (entry.texts.length === 0) entry.start = offset;
    entry.texts.push(block.text);
  });
  flush();
  return pieces;
}

function articlePieces(document: CleanDocument, maxChars: number, targetChars: number): Piece[] {
  const pieces: Piece[] = [];
  let heading = '';
  let group: { texts: string[]; originals: string[]; start: number } | null = null;
  const flush = () => {
    if (group === null) return;
    const text = group.texts.join('');
    const original = group.originals.join('');
    pieces.push({
      title: heading || document.title,
      section: heading !== '' ? [document.title, heading] : [document.title],
      text,
      ...(original !== '' && original !== text ? { original } : {}),
      start: group.start,
      kind: 'paragraph',
    });
    group = null;
  };
  document.blocks.forEach((block, index) => {
    const offset = document.offsets[index] ?? 0;
    if (block.kind !== 'paragraph') {
      flush();
      // The document title is the first heading; it is not a sub-heading. Two heading lines in a row
      // (`高能级创新平台支撑` / `“尖”端创新持续涌现`) are one two-line sub-heading.
      const previous = document.blocks[index - 1];
      const isTitle = block.text === document.title || index === 0;
      heading = isTitle ? '' : previous !== undefined && previous.kind !== 'paragraph' && heading !== '' ? `${heading} ${block.text}` : block.text;
      return;
    }
    const sentences = block.text.length > maxChars ? packSentences(splitPassageSentences(block.text, maxChars), maxChars) : [block.text];
    const originals = block.original !== undefined && sentences.length === 1 ? [block.original] : sentences.map(() => '');
    let cursor = offset;
    sentences.forEach((text, position) => {
      if (group !== null && group.texts.join('').length + text.length > targetChars) flush();
      if (group === null) group = { texts: [], originals: [], start: cursor };
      group.texts.push(text);
      group.originals.push(originals[position] ?? '');
      cursor += text.length;
    });
  });
  flush();
  return pieces;
}

/**
 * Yearbooks: one chunk per 【】 entry with its section path; an unusually long entry is split at
 * sentence boundaries into a series that repeats the title. Extracted documents without entries: by
 * headings, then by size with overlap (split-sections.ts). Seed articles: paragraphs grouped under
 * their sub-heading up to `targetChars`, never cutting a sentence. Ids are `<slug>#<ordinal>`.
 */
export function splitDocument(document: CleanDocument, { maxChars = 700, targetChars = 450, overlapChars = 120 }: SplitOptions = {}): Chunk[] {
  const hasEntries = document.source.kind === 'yearbook' && document.blocks.some((block) => block.text.startsWith('【'));
  const pieces: Piece[] =
    document.structured === true && !hasEntries
      ? splitSections(document, { targetChars, maxChars, overlapChars }).map((piece) => ({ ...piece, kind: 'paragraph' as const }))
      : document.source.kind === 'yearbook'
        ? yearbookPieces(document, maxChars)
        : articlePieces(document, maxChars, targetChars);
  return pieces.map((piece, index) => ({
    id: `${document.source.slug}#${index + 1}`,
    docId: document.source.slug,
    title: piece.title,
    section: piece.section,
    year: document.source.year,
    lang: 'zh' as const,
    text: piece.text,
    ...(piece.original !== undefined ? { textOriginal: piece.original } : {}),
    start: piece.start,
    end: piece.start + piece.text.length,
    kind: piece.kind,
  }));
}
