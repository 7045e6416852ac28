import type { Language } from './detect-language.ts';

/** A citation marker: [1], [1,2], [1-3], 【1】, ［１］. */
export const markerSource = String.raw`[\[【［]\s*[0-9０-９]{1,3}(?:\s*[,，、;；\-–~]\s*[0-9０-９]{1,3})*\s*[\]】］]`;
/** Markers one after another: [1][2]. */
export const markerRunPattern = new RegExp(`${markerSource}(?:\\s*${markerSource})*`, 'g');

const abbreviations = new Set(
  'mr mrs ms dr prof st no nos co ltd inc corp jr sr vs approx fig dept univ govt est jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e cf al'.split(
    ' ',
  ),
);
const closingPunctuation = /[”’"'」』）)]/;

/**
 * The letters-and-dots (or else digits) that end `text` before `end`: what `/([A-Za-z.]+|\d+)$/` found in
 * `text.slice(0, end)`, read backwards from `end` (that pattern retried from every earlier character,
 * once per full stop: quadratic in an answer of many short sentences).
 */
function tokenBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && /[A-Za-z.]/.test(text[start - 1] as string)) start -= 1;
  if (start === end) while (start > 0 && /\d/.test(text[start - 1] as string)) start -= 1;
  return text.slice(start, end);
}

/** Whether only spaces or tabs stand between the start of its line and `start` (a list number "1."). */
function opensLine(text: string, start: number): boolean {
  let at = start;
  while (at > 0 && (text[at - 1] === ' ' || text[at - 1] === '\t')) at -= 1;
  return at === 0 || text[at - 1] === '\n';
}

/** Whether the `.` at `index` ends an English sentence (not 21.9, not Co. or U.S., not a list number "1."). */
function isEnglishStop(text: string, index: number): boolean {
  const next = text[index + 1];
  if (next !== undefined && !/\s/.test(next) && !closingPunctuation.test(next) && next !== '[' && next !== '【' && !/[\u3400-\u9fff]/.test(next)) return false;
  const token = tokenBefore(text, index);
  if (abbreviations.has(token.toLowerCase())) return false;
  // Initials: U.S. / A. Smith
  if (/^[A-Z]$|[A-Za-z]\.[A-Za-z]$/.test(token)) return false;
  if (/^\d{1,2}$/.test(token) && opensLine(text, index - token.length)) return false;
  return true;
}

/** Markers right after a sentence's stop (sticky: tried where the sentence ends, not on a copy of the rest). */
const trailingMarkerRun = new RegExp(`[ \\t]*${markerRunPattern.source}`, 'y');

/**
 * Splits text into sentences whose concatenation is the text: ends at 。！？!? or a newline, or (in
 * English) at a `.` that ends a sentence. Closing quotes, citation markers written after the stop
 * ("… in 2020. [1]") and the following whitespace stay with the sentence they close.
 */
export function splitSentences(text: string, language: Language = 'en'): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index] ?? '';
    // Chinese answers end sentences with 。; a "." in them is a decimal or part of a name (Co.,Ltd.).
    const ends = /[。！？!?\n]/.test(character) || (character === '.' && language === 'en' && isEnglishStop(text, index));
    if (!ends) continue;
    let end = index + 1;
    while (end < text.length && /[。！？!?.”’"'」』）)]/.test(text[end] ?? '')) end += 1;
    trailingMarkerRun.lastIndex = end;
    const trailingMarkers = trailingMarkerRun.exec(text);
    if (trailingMarkers) end += trailingMarkers[0].length;
    while (end < text.length && /\s/.test(text[end] ?? '')) end += 1;
    sentences.push(text.slice(start, end));
    start = end;
    index = end - 1;
  }
  if (start < text.length) sentences.push(text.slice(start));
  return sentences;
}

/** Text after a sentence that may still turn out to belong to it: the start of a marker run ("[1", "[1][") or nothing yet. */
const mayStillAttach = /^(?:[ \t]*[[【［][\s0-9０-９,，、;；\-–~\]】］[【［]*)?$/;

/**
 * The sentences of a growing text (an answer arriving in pieces) that more text can no longer change,
 * from offset `from` (the end of the sentences already taken): each is followed by text that starts a
 * new sentence. Splitting the whole text each time keeps the context `splitSentences` looks back at.
 */
export function completeSentences(text: string, from: number, language: Language): { sentences: string[]; end: number } {
  const sentences: string[] = [];
  let offset = 0;
  let end = from;
  for (const sentence of splitSentences(text, language)) {
    const next = offset + sentence.length;
    if (offset >= from) {
      // A sentence not starting where the last one ended would mean the split moved: take nothing more.
      if (offset !== end || mayStillAttach.test(text.slice(next))) break;
      sentences.push(sentence);
      end = next;
    }
    offset = next;
  }
  return { sentences, end };
}

/** The rest of a finished text from `from` on, as sentences (what `completeSentences` held back). */
export function remainingSentences(text: string, from: number, language: Language): string[] {
  let offset = 0;
  const sentences = splitSentences(text, language);
  for (const [index, sentence] of sentences.entries()) {
    if (offset === from) return sentences.slice(index);
    offset += sentence.length;
  }
  return from >= text.length ? [] : splitSentences(text.slice(from), language);
}

/**
 * A passage's sentences for chunking and quoting (trimmed, split at ；too), keeping their final
 * punctuation (and closing quotes). Falls back to `，` and then to fixed-size pieces for a run-on
 * sentence, so no piece exceeds `maxChars`.
 */
export function splitPassageSentences(text: string, maxChars = Number.POSITIVE_INFINITY): string[] {
  const sentences =
    text
      .match(/[^。！？!?；]+(?:[。！？!?；]+["”’」』)）]*|$)/g)
      ?.map((s) => s.trim())
      .filter((s) => s !== '') ?? [];
  return sentences.flatMap((sentence) => {
    if (sentence.length <= maxChars) return [sentence];
    const clauses = sentence.match(/[^，,]+(?:[，,]|$)/g) ?? [sentence];
    const pieces: string[] = [];
    let current = '';
    for (const clause of clauses) {
      if (current !== '' && current.length + clause.length > maxChars) {
        pieces.push(current);
        current = '';
      }
      current += clause;
      while (current.length > maxChars) {
        pieces.push(current.slice(0, maxChars));
        current = current.slice(maxChars);
      }
    }
    if (current !== '') pieces.push(current);
    return pieces;
  });
}
