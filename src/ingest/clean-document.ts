import type { SourceDocument } from '../index-store/source-document.ts';
import { cleanStructured } from './clean/clean-structured.ts';
import { extractWebArticle } from './clean/extract-web-article.ts';
import { joinBrokenLines } from './clean/join-broken-lines.ts';
import { normalizeSpacing } from './clean/normalize-spacing.ts';
import { splitCaptions } from './clean/remove-captions.ts';
import { removePinyin } from './clean/remove-pinyin.ts';
import { removeRunningHeaders } from './clean/remove-running-headers.ts';
import { repairDoubledTitle } from './clean/repair-doubled-title.ts';
import { stripAttribution } from './clean/strip-attributions.ts';
import { stripCredits } from './clean/strip-credits.ts';
import { stripMarkup } from './clean/strip-markup.ts';
import { fixStrayTraditional, toSimplified } from '../text/to-simplified.ts';

/** A cleaned piece of a document: a section name, an article sub-heading, or a paragraph of prose. */
export interface Block {
  kind: 'section' | 'heading' | 'paragraph';
  text: string;
  /** The block in the document's own script, when that is not simplified Chinese. */
  original?: string;
  /** Extracted documents' headings: 1 is the title, 2 a section under it, and so on. */
  level?: number;
}

export interface CleanDocument {
  source: SourceDocument;
  title: string;
  blocks: Block[];
  /** Blocks joined by newlines: what chunk offsets point into. */
  text: string;
  /** Offset of each block in `text`. */
  offsets: number[];
  /** Read from an extracted document (PDF, Word, HTML, Markdown): headings carry levels. */
  structured?: true;
}

/** The section and entry title of a yearbook chapter's photo captions. */
export const captionSection = '图片说明';

const sentenceEnd = /[。！？!?；;]["”’」』)）]*$/;
const entryTitleOnly = /^【[^】]{1,80}】$/;

function finish(source: SourceDocument, title: string, blocks: Block[]): CleanDocument {
  // Simplified documents still carry the odd traditional character from OCR (`技術`).
  const kept = blocks
    .filter((block) => block.text.trim() !== '')
    .map((block) => (source.script === 'simplified' ? { ...block, text: fixStrayTraditional(block.text) } : block));
  const offsets: number[] = [];
  let position = 0;
  for (const block of kept) {
    offsets.push(position);
    position += block.text.length + 1;
  }
  return { source, title, blocks: kept, text: kept.map((block) => block.text).join('\n'), offsets };
}

function cleanYearbook(raw: string, source: SourceDocument): CleanDocument {
  const sectionNames = new Set(source.cleaning.sections.map((name) => name.replace(/\s+/g, '')));
  const chapter = (source.chapter ?? '').replace(/\s+/g, '');
  const { lines: withoutCaptions, captions } = splitCaptions(raw.split('\n'));
  let lines = withoutCaptions;
  lines = removeRunningHeaders(lines, source.cleaning.runningHeaders);
  lines = lines.map((line) => stripMarkup(line));
  // A section name glued to the entry that follows (`科技政策【概况】…`) starts that entry's section.
  lines = lines.flatMap((line) => {
    const compact = line.trim();
    for (const name of sectionNames) {
      if (compact.startsWith(name) && compact.slice(name.length).trimStart().startsWith('【')) {
        return [name, compact.slice(name.length).trimStart()];
      }
    }
    return [line];
  });
  const isSection = (line: string) => sectionNames.has(line.replace(/\s+/g, '')) || (chapter !== '' && line.replace(/\s+/g, '') === chapter);
  const paragraphs = joinBrokenLines(lines, {
    isHeading: (line) => isSection(line) || entryTitleOnly.test(line),
    startsParagraph: (line) => line.startsWith('【'),
    documentText: raw,
  });
  const blocks: Block[] = [];
  for (const paragraph of paragraphs) {
    const compact = paragraph.replace(/\s+/g, '');
    if (compact === chapter) continue;
    if (sectionNames.has(compact)) {
      blocks.push({ kind: 'section', text: compact });
      continue;
    }
    const text = normalizeSpacing(stripAttribution(paragraph));
    if (text !== '') blocks.push({ kind: 'paragraph', text });
  }
  // The photo captions interrupted the text where they stood. Most show an event an entry reports (the entry writes its
  // date); the others state a fact found nowhere else (再鼎医药's listing date) and are kept as an entry of their own,
  // in a section of their own, at the end.
  const body = blocks.map((block) => block.text).join('\n');
  const unreported = captions.filter((caption) => !body.includes(/^\d{4}年\d{1,2}月\d{1,2}日/.exec(caption)?.[0] ?? caption));
  if (unreported.length > 0) {
    blocks.push({ kind: 'section', text: captionSection });
    blocks.push({ kind: 'paragraph', text: normalizeSpacing(`【${captionSection}】${unreported.map((caption) => `${caption}。`).join('')}`) });
  }
  return finish(source, source.title.zh, blocks);
}

/** Short unpunctuated lines: article sub-headings (and, at the very end, picture captions). */
function isHeadingLike(line: string, maxLength: number): boolean {
  const text = line.trim();
  return text.length > 0 && [...text].length <= maxLength && !/[，。；：！？、,.;:!?]/.test(text) && /[\u4e00-\u9fff]/.test(text);
}

function cleanNewsLines(raw: string, source: SourceDocument): CleanDocument {
  const lines = raw.split('\n').map((line) => stripMarkup(line).trim());
  const titleIndex = lines.findIndex((line) => line !== '');
  const title = repairDoubledTitle(lines[titleIndex] ?? source.title.zh);
  const body = lines.slice(titleIndex + 1);
  // Picture captions trail the article: everything after its last sentence that ends with a full stop.
  let lastSentence = body.length - 1;
  while (lastSentence >= 0 && !sentenceEnd.test(body[lastSentence] ?? '')) lastSentence -= 1;
  const article = body.slice(0, lastSentence + 1);
  const headings = new Set<number>();
  let previous = '';
  article.forEach((line, index) => {
    if (line === '') return;
    const afterBreak = previous === '' || sentenceEnd.test(previous) || headings.has(index - 1) || headings.has(index - 2);
    if (afterBreak && isHeadingLike(line, 14) && article.slice(index + 1).some((next) => next !== '')) headings.add(index);
    previous = line;
  });
  const marked = article.map((line, index) => (headings.has(index) ? `\u0000${line}` : line));
  const paragraphs = joinBrokenLines(marked, { isHeading: (line) => line.startsWith('\u0000') });
  const blocks: Block[] = [{ kind: 'heading', text: title }];
  for (const paragraph of paragraphs) {
    if (paragraph.startsWith('\u0000')) blocks.push({ kind: 'heading', text: paragraph.slice(1) });
    else blocks.push({ kind: 'paragraph', text: normalizeSpacing(paragraph) });
  }
  return finish(source, title, blocks);
}

function cleanNewsSingleLine(raw: string, source: SourceDocument): CleanDocument {
  const text = stripCredits(removePinyin(stripMarkup(raw)).trim());
  const segments = text.split(/\s+/).filter((segment) => segment !== '' && segment !== '|');
  const blocks: Block[] = [];
  let buffer = '';
  for (const segment of segments) {
    if (buffer !== '') buffer += (/[A-Za-z0-9]$/.test(buffer) && /^[A-Za-z0-9(]/.test(segment) ? ' ' : '') + segment;
    else if (isHeadingLike(segment, 30)) {
      blocks.push({ kind: 'heading', text: segment });
      continue;
    } else buffer = segment;
    if (sentenceEnd.test(buffer)) {
      blocks.push({ kind: 'paragraph', text: buffer });
      buffer = '';
    }
  }
  if (buffer !== '') blocks.push({ kind: 'paragraph', text: buffer });
  const converted = blocks.map((block) => {
    const original = normalizeSpacing(block.text);
    const simplified = toSimplified(original);
    return simplified === original ? { ...block, text: original } : { ...block, text: simplified, original };
  });
  return finish(source, toSimplified(source.title.zh), [{ kind: 'heading', text: source.title.zh }, ...converted]);
}

function cleanWebPage(raw: string, source: SourceDocument): CleanDocument {
  const { title, paragraphs } = extractWebArticle(raw.split('\n').map((line) => stripMarkup(line)));
  const blocks: Block[] = [
    { kind: 'heading', text: normalizeSpacing(title) },
    ...paragraphs.map((paragraph) => ({ kind: 'paragraph' as const, text: normalizeSpacing(paragraph) })),
  ];
  return finish(source, normalizeSpacing(title), blocks);
}

/**
 * Cleans one raw document according to its kind; every quirk family is a function in `clean/`. An
 * extracted document (`structured`) is read by its headings, except a yearbook with 【】 entries,
 * which the yearbook cleaner reads as it reads the seeds.
 */
/** A yearbook entry's title line, 【概况】 (a Markdown heading or not): a structured document that is a yearbook. */
const yearbookEntryTitle = /^(#{1,6} )?【[^】\n]{1,80}】/m;

export function cleanDocument(raw: string, source: SourceDocument, { structured = false }: { structured?: boolean } = {}): CleanDocument {
  const text = raw.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  if (structured) return source.kind === 'yearbook' && yearbookEntryTitle.test(text) ? cleanYearbook(text, source) : cleanStructured(text, source);
  if (source.kind === 'yearbook') return cleanYearbook(text, source);
  if (source.kind === 'web') return cleanWebPage(text, source);
  // A feature scraped as one long line (003) carries its sub-headings inline between spaces.
  const proseLines = text.split('\n').filter((line) => line.trim().length > 1);
  return proseLines.length > 2 ? cleanNewsLines(text, source) : cleanNewsSingleLine(text, source);
}
