import type { TextBlock } from './format-blocks.ts';
import { dominantSize, type PdfLine } from './pdf-text-lines.ts';

export interface PdfPageLines {
  /** 1-based page number. */
  number: number;
  height: number;
  lines: PdfLine[];
}

export interface ComposedPdfText {
  blocks: TextBlock[];
  /** The largest heading on the first pages, when there is one. */
  title?: string;
}

type Role = 'body' | 'heading' | 'drop' | 'note';
interface Placed extends PdfLine {
  page: number;
  role: Role;
}

/** A line that ends a sentence (possibly inside closing quotes or brackets). */
const sentenceEnd = /[。！？!?；;：:]["”’」』)）]*$/;
/** Any final punctuation: a heading has none (a title may end in a question mark, but it is set large). */
const finalPunctuation = /[。，、；：！？,.;:!?]["”’」』)）]*$/;
/** A photo credit closes a caption: `(园区新闻中心 供稿)`, `（科教创新区  供稿）`. */
const photoCredit = /供稿\s*[)）]\s*$/;
/** `12`, `- 12 -`, `·12·`, `第12页`, `12 / 40`, `Page 12 of 40`, `xii`. */
const pageNumber = /^[\s\-–—·•.]*(第\s*)?(page\s*)?(\d{1,4}|[ivxlcdm]{1,7})(\s*页)?(\s*(\/|／|of|共)\s*\d{1,4}\s*页?)?[\s\-–—·•.]*$/i;
const listItem = /^([•·▪◦●○■□◆◇\-–*]\s*|[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)/;
const han = /\p{Script=Han}/u;
const hanOrFullWidth = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/** Margins where running headers, footers and page numbers live: this share of the page at top and bottom. */
const marginShare = 0.15;
/** A caption or footnote is set at most this size relative to the body text. */
const smallShare = 0.88;
/** A heading is set at least this size relative to the body text... */
const largeShare = 1.15;
/** ...and is short. */
const headingMaxChars = 60;
/** Longer runs of small print than this are a table or notes, kept as their own paragraphs. */
const captionMaxLines = 4;

const length = (text: string) => [...text.replace(/\s/g, '')].length;
const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);

/**
 * Joins the text of two lines of one paragraph: nothing between Chinese characters (nor between the
 * digits of a number broken inside Chinese prose), a space between words, a hyphenated word rejoined.
 */
export function joinLines(previous: string, next: string): string {
  if (previous === '') return next;
  const a = previous.at(-1) ?? '';
  const b = next[0] ?? '';
  if (/[A-Za-z]-$/.test(previous) && /^[a-z]/.test(next)) return previous.slice(0, -1) + next;
  if (hanOrFullWidth.test(a) || hanOrFullWidth.test(b) || /\s/.test(a) || /\s/.test(b)) return previous + next;
  if (/\d/.test(a) && /\d/.test(b) && han.test(previous.slice(-20))) return previous + next;
  return `${previous} ${next}`;
}

/** Text normalised for comparing running headers: no spaces, any number the same (page numbers change). */
const headerKey = (text: string) => text.replace(/\s/g, '').replace(/\d+/g, '#');

/**
 * Running headers and footers: text in the page margins that recurs at the same height on at least
 * 40% of the pages (two pages at least: alternate left/right headers each cover half).
 */
function markRunningHeaders(lines: Placed[], pages: PdfPageLines[]): void {
  const heights = new Map(pages.map((page) => [page.number, page.height]));
  const inMargin = (line: Placed) => {
    const height = heights.get(line.page) ?? 0;
    return line.y < height * marginShare || line.y > height * (1 - marginShare);
  };
  const candidates = lines.filter(inMargin);
  const byKey = new Map<string, Placed[]>();
  for (const line of candidates) byKey.set(headerKey(line.text), [...(byKey.get(headerKey(line.text)) ?? []), line]);
  const needed = Math.max(2, Math.ceil(pages.length * 0.4));
  for (const group of byKey.values()) {
    for (const line of group) {
      const tolerance = (heights.get(line.page) ?? 0) * 0.01 + 2;
      const pagesAtHeight = new Set(group.filter((other) => Math.abs(other.y - line.y) <= tolerance).map((other) => other.page));
      if (pagesAtHeight.size >= needed) line.role = 'drop';
    }
  }
  for (const line of candidates) if (pageNumber.test(line.text)) line.role = 'drop';
}

/**
 * Captions by layout: a line set smaller than the body, or one ending in a photo credit. A longer run
 * of small print is a table or notes and is kept, as separate paragraphs.
 */
function markCaptions(lines: Placed[], bodySize: number): void {
  let run: Placed[] = [];
  const close = () => {
    const credited = run.some((line) => photoCredit.test(line.text));
    for (const line of run) line.role = run.length <= captionMaxLines || credited ? 'drop' : 'note';
    run = [];
  };
  for (const line of lines) {
    if (line.role === 'drop') continue;
    if (line.size < bodySize * smallShare) {
      run.push(line);
      continue;
    }
    close();
    if (photoCredit.test(line.text)) line.role = 'drop';
  }
  close();
}

/**
 * Headings: short lines set larger than the body, or short unpunctuated lines at body size set
 * bold (or, for Chinese, in another typeface: headings in 黑体 over body text in 宋体) that start a block.
 */
function markHeadings(lines: Placed[], bodySize: number, bodyFont: string): void {
  let previous: Placed | undefined;
  for (const line of lines) {
    if (line.role === 'drop') continue;
    const chars = total(line.fontChars) || 1;
    const large = line.size >= bodySize * largeShare && length(line.text) <= headingMaxChars;
    const otherFace = (chars - (line.fontChars[bodyFont] ?? 0)) / chars >= 0.8 && han.test(line.text);
    const emphasised = line.boldChars / chars >= 0.8 || otherFace;
    const startsBlock = previous === undefined || previous.role === 'heading' || sentenceEnd.test(previous.text);
    const plainHeading = emphasised && line.size >= bodySize * smallShare && length(line.text) <= 40 && !finalPunctuation.test(line.text) && startsBlock;
    if (line.role === 'body' && (large || plainHeading)) line.role = 'heading';
    previous = line;
  }
}

/** The usual distance between consecutive body lines of one column. */
function linePitch(lines: Placed[]): number {
  const deltas: number[] = [];
  lines.forEach((line, index) => {
    const next = lines[index + 1];
    if (next !== undefined && next.page === line.page && next.columnX0 === line.columnX0 && next.y > line.y) deltas.push(next.y - line.y);
  });
  deltas.sort((a, b) => a - b);
  return deltas[Math.floor(deltas.length / 2)] ?? 0;
}

/**
 * Whether `next` starts a new paragraph after `previous`. Lines that do not end a sentence always
 * continue (text broken by the layout, by a caption or by a page break); after a sentence, a short
 * line, an indent or extra space marks the break. A short unpunctuated line standing alone before an
 * indented line is a paragraph of its own (a plain sub-heading).
 */
function breaksBetween(previous: Placed, next: Placed, previousStartsParagraph: boolean, pitch: number): boolean {
  if (listItem.test(next.text)) return true;
  const short = previous.columnX1 - previous.x1 > 1.5 * previous.size;
  const indented = next.x0 - next.columnX0 > 0.8 * next.size;
  const gap = next.page === previous.page && next.columnX0 === previous.columnX0 && pitch > 0 && next.y - previous.y > pitch * 1.4;
  if (sentenceEnd.test(previous.text)) return short || indented || gap;
  return previousStartsParagraph && short && indented;
}

/**
 * Turns a PDF's lines (in reading order, page by page) into headings and paragraphs: running headers,
 * page numbers and captions dropped, headings found by size and weight, and the lines of each
 * paragraph joined — across captions and page breaks too.
 */
export function composePdfText(pages: PdfPageLines[]): ComposedPdfText {
  const lines: Placed[] = pages.flatMap((page) => page.lines.map((line) => ({ ...line, page: page.number, role: 'body' as Role })));
  if (lines.length === 0) return { blocks: [] };
  const bodySize = dominantSize(lines.map((line) => ({ size: line.size, chars: length(line.text) })));
  const fontTotals: Record<string, number> = {};
  for (const line of lines) {
    if (Math.abs(line.size - bodySize) > 0.5) continue;
    for (const [font, chars] of Object.entries(line.fontChars)) fontTotals[font] = (fontTotals[font] ?? 0) + chars;
  }
  const bodyFont = Object.entries(fontTotals).sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  markRunningHeaders(lines, pages);
  markCaptions(lines, bodySize);
  markHeadings(lines, bodySize, bodyFont);

  const kept = lines.filter((line) => line.role !== 'drop');
  const pitch = linePitch(kept.filter((line) => line.role === 'body'));
  const blocks: Array<TextBlock & { size: number; page: number }> = [];
  let previous: Placed | undefined;
  let paragraphLines = 0;
  for (const line of kept) {
    const last = blocks.at(-1);
    const continues =
      previous !== undefined &&
      last !== undefined &&
      previous.role === line.role &&
      (line.role === 'heading'
        ? Math.abs(previous.size - line.size) < 0.5 &&
          previous.page === line.page &&
          line.y - previous.y <= 1.8 * line.size &&
          !finalPunctuation.test(previous.text)
        : line.role === 'body' && !breaksBetween(previous, line, paragraphLines === 1, pitch));
    if (continues && last !== undefined) {
      last.text = joinLines(last.text, line.text);
      paragraphLines += 1;
    } else {
      blocks.push({ kind: line.role === 'heading' ? 'heading' : 'paragraph', text: line.text, size: line.size, page: line.page });
      paragraphLines = 1;
    }
    previous = line;
  }
  const early = blocks.filter((block) => block.kind === 'heading' && block.page <= 2);
  const largest = Math.max(0, ...early.map((block) => block.size));
  const title = early.find((block) => block.size === largest)?.text;
  const sizes = [...new Set(blocks.filter((block) => block.kind === 'heading').map((block) => block.size))].sort((a, b) => b - a);
  return {
    blocks: blocks.map(({ kind, text, size }) => (kind === 'heading' ? { kind, text, level: sizes.indexOf(size) + 1 } : { kind, text })),
    ...(title !== undefined ? { title } : {}),
  };
}
