export interface TextRange {
  start: number;
  end: number;
}

/** Clauses shorter than this would light up unrelated text ("2020年，"). */
const MIN_CLAUSE_CHARS = 4;

function mergeRanges(ranges: TextRange[]): TextRange[] {
  const sorted = [...ranges].sort((left, right) => left.start - right.start);
  const merged: TextRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/**
 * Where the supporting quote sits in the passage. Usually verbatim; but the engine may join sentences
 * that are apart in the passage (or trim their lead-in), so otherwise each clause is found on its own.
 */
export function quoteRanges(text: string, quote: string): TextRange[] {
  const whole = quote.trim();
  if (whole === '') return [];
  const at = text.indexOf(whole);
  if (at !== -1) return [{ start: at, end: at + whole.length }];
  const ranges: TextRange[] = [];
  // Chinese clauses end at their marks; English sentences at a full stop before a space ("102.2" stays whole).
  const pieces = [...(whole.match(/[^。！？；!?;\n]+[。！？；!?;]*/g) ?? [])].flatMap((piece) => piece.split(/(?<=[.!?;:])\s+/));
  for (const piece of pieces) {
    for (const candidate of [piece.trim(), piece.trim().replace(/[。！？；!?;，,、\s]+$/, '')]) {
      if ([...candidate].length < MIN_CLAUSE_CHARS) continue;
      const found = text.indexOf(candidate);
      if (found === -1) continue;
      ranges.push({ start: found, end: found + candidate.length });
      break;
    }
  }
  return mergeRanges(ranges);
}

/**
 * Appends the passage to `parent` as text nodes with the quote wrapped in `<mark>`: the text is split
 * around the ranges and every piece is set with textContent, so passage text can never become markup.
 */
export function appendHighlighted(parent: Node, text: string, quote: string): HTMLElement[] {
  const marks: HTMLElement[] = [];
  let position = 0;
  for (const { start, end } of quoteRanges(text, quote)) {
    if (start > position) parent.appendChild(document.createTextNode(text.slice(position, start)));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(start, end);
    parent.appendChild(mark);
    marks.push(mark);
    position = end;
  }
  if (position < text.length) parent.appendChild(document.createTextNode(text.slice(position)));
  return marks;
}
