import type { Citation } from '../question/answer-parts.ts';
import { makeElement } from './make-element.ts';

/** `[1]`, `[1,2]`, `[1-3]`, `【1】`, `［１］`: the marker forms the engine's citation check accepts. */
const markerPattern = /[[【［]\s*[0-9０-９]{1,3}(?:\s*[,，、;；\-–~]\s*[0-9０-９]{1,3})*\s*[\]】］]/g;
/** `**1022亿元**`: the one emphasis form answers use (the LLM's Markdown); `__` and `*` stay literal. */
const boldPattern = /\*\*(?=\S)([^*\n]{1,200}?)(?<=\S)\*\*/g;
/** `· item`, `- item`, `* item`, `• item`: the extractive writer's bullets and the LLM's Markdown ones. */
const bulletPattern = /^\s*[·•\-*]\s+/;
/** `1. item`, `2) item`, `3、item`. */
const numberedPattern = /^\s*(\d{1,2})[.)、]\s*/;

const toAsciiDigits = (text: string) => text.replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0));

/** The citation numbers one marker names ("[1-3]" → 1, 2, 3; bounded so "[1-300]" stays harmless). */
export function markerNumbers(marker: string): number[] {
  const numbers: number[] = [];
  for (const part of toAsciiDigits(marker.slice(1, -1)).split(/[,，、;；]/)) {
    const [from, to] = part.split(/[-–~]/).map((item) => Number(item.trim()));
    if (from === undefined || Number.isNaN(from)) continue;
    const last = to === undefined || Number.isNaN(to) ? from : Math.min(to, from + 20);
    for (let n = from; n <= last; n += 1) numbers.push(n);
  }
  return numbers;
}

export interface CiteButtonLabel {
  (citation: Citation): string;
}

/** One block of an answer: a paragraph, or a list whose items are lines. */
export type AnswerBlock = { kind: 'p'; text: string } | { kind: 'ul' | 'ol'; items: string[] };

/** Splits answer text into paragraphs and lists (consecutive bullet or numbered lines form one list). */
export function answerBlocks(text: string): AnswerBlock[] {
  const blocks: AnswerBlock[] = [];
  for (const line of text.split(/\n+/)) {
    if (line.trim() === '') continue;
    const kind = bulletPattern.test(line) ? 'ul' : numberedPattern.test(line) ? 'ol' : 'p';
    if (kind === 'p') {
      blocks.push({ kind, text: line });
      continue;
    }
    const item = line.replace(kind === 'ul' ? bulletPattern : numberedPattern, '');
    const last = blocks[blocks.length - 1];
    if (last !== undefined && last.kind === kind) last.items.push(item);
    else blocks.push({ kind, items: [item] });
  }
  return blocks;
}

/** Citation buttons and text nodes for one run of text. */
function appendCited(parent: HTMLElement, text: string, byNumber: Map<number, Citation>, label: CiteButtonLabel): void {
  let position = 0;
  for (const match of text.matchAll(markerPattern)) {
    const numbers = markerNumbers(match[0]);
    if (numbers.length === 0 || numbers.some((n) => !byNumber.has(n))) continue;
    const start = match.index;
    if (start > position) parent.append(document.createTextNode(text.slice(position, start)));
    for (const n of numbers) {
      const citation = byNumber.get(n);
      if (citation === undefined) continue;
      parent.append(
        makeElement('button', {
          className: 'sipqa-cite',
          text: String(n),
          attributes: { type: 'button', 'data-cite': String(n), 'aria-label': label(citation) },
        }),
      );
    }
    position = start + match[0].length;
  }
  if (position < text.length) parent.append(document.createTextNode(text.slice(position)));
}

/** `**bold**` becomes <strong> (its text set as text), the rest goes through the citation markers. */
function appendInline(parent: HTMLElement, text: string, byNumber: Map<number, Citation>, label: CiteButtonLabel): void {
  let position = 0;
  for (const match of text.matchAll(boldPattern)) {
    if (match.index > position) appendCited(parent, text.slice(position, match.index), byNumber, label);
    const strong = makeElement('strong');
    appendCited(strong, match[1] ?? '', byNumber, label);
    parent.append(strong);
    position = match.index + match[0].length;
  }
  if (position < text.length) appendCited(parent, text.slice(position), byNumber, label);
}

/**
 * Renders answer text into `container` (replacing what was there) as a safe subset of Markdown:
 * paragraphs, bullet and numbered lists, `**bold**`; every `[n]` naming a known citation becomes a
 * button (`data-cite="n"`). Elements are built one by one and all text is set as text nodes, so
 * nothing the server sends is ever parsed as HTML.
 */
export function renderAnswerText(container: HTMLElement, text: string, citations: readonly Citation[], label: CiteButtonLabel): void {
  const byNumber = new Map(citations.map((citation) => [citation.n, citation]));
  const blocks = answerBlocks(text).map((block) => {
    if (block.kind === 'p') {
      const paragraph = makeElement('p');
      appendInline(paragraph, block.text, byNumber, label);
      return paragraph;
    }
    return makeElement(
      block.kind,
      { className: 'sipqa-answer-list' },
      block.items.map((item) => {
        const listItem = makeElement('li');
        appendInline(listItem, item, byNumber, label);
        return listItem;
      }),
    );
  });
  container.replaceChildren(...blocks);
}

/** The answer as Markdown for the clipboard: bullets become `- `, numbered items and `**bold**` stay as they are. */
export function answerMarkdown(text: string): string {
  return answerBlocks(text)
    .map((block) =>
      block.kind === 'p' ? block.text : block.items.map((item, index) => (block.kind === 'ul' ? `- ${item}` : `${index + 1}. ${item}`)).join('\n'),
    )
    .join('\n\n');
}
