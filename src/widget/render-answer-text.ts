import type { Citation } from '../question/answer-parts.ts';
import { makeElement } from './make-element.ts';

/** `[1]`, `[1,2]`, `[1-3]`, `【1】`, `［１］`: the marker forms the engine's citation check accepts. */
const markerPattern = /[[【［]\s*[0-9０-９]{1,3}(?:\s*[,，、;；\-–~]\s*[0-9０-９]{1,3})*\s*[\]】］]/g;

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

/**
 * Renders answer text into `container` (replacing what was there): one paragraph per line, every
 * `[n]` that names a known citation a button (`data-cite="n"`), everything else text nodes.
 */
export function renderAnswerText(container: HTMLElement, text: string, citations: readonly Citation[], label: CiteButtonLabel): void {
  const byNumber = new Map(citations.map((citation) => [citation.n, citation]));
  const paragraphs = text
    .split(/\n+/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const paragraph = makeElement('p');
      let position = 0;
      for (const match of line.matchAll(markerPattern)) {
        const numbers = markerNumbers(match[0]);
        if (numbers.length === 0 || numbers.some((n) => !byNumber.has(n))) continue;
        const start = match.index;
        if (start > position) paragraph.append(document.createTextNode(line.slice(position, start)));
        for (const n of numbers) {
          const citation = byNumber.get(n);
          if (citation === undefined) continue;
          paragraph.append(
            makeElement('button', { className: 'sipqa-cite', text: String(n), attributes: { type: 'button', 'data-cite': String(n), 'aria-label': label(citation) } }),
          );
        }
        position = start + match[0].length;
      }
      if (position < line.length) paragraph.append(document.createTextNode(line.slice(position)));
      return paragraph;
    });
  container.replaceChildren(...paragraphs);
}
