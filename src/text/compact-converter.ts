/**
 * OpenCC's conversion (opencc-js's `Trie.convert`: at each position the longest dictionary word that starts
 * there is replaced, unmatched characters are copied) over OpenCC's own dictionaries, held compactly.
 *
 * Why not opencc-js's converter itself: its trie keeps one `Map` per node, and the simplified→traditional
 * phrase table (~49,000 phrases) becomes ~21 MB of heap (~30 MB resident) in a server that has answered one
 * traditional-Chinese question. Here a dictionary group is one `Map` from word to replacement plus the
 * longest word length per first character (~4 MB). tests/text/compact-converter.test.ts checks the output
 * is the same as opencc-js's converter on every document and UI string.
 */

/** One dictionary as opencc-js ships it: `word replacement|word replacement|…`, or [word, replacement] pairs. */
export type Dictionary = string | ReadonlyArray<readonly [string, string]>;

interface Table {
  words: Map<string, string>;
  /** Longest word (in UTF-16 units) starting with each first code point. */
  longest: Map<number, number>;
}

function entriesOf(dictionary: Dictionary): Iterable<readonly [string, string]> {
  if (typeof dictionary !== 'string') return dictionary;
  return dictionary.split('|').map((entry) => {
    const [word = '', replacement] = entry.split(' ');
    if (replacement === undefined) throw new TypeError(`OpenCC dictionary entry without a replacement: ${entry}`);
    return [word, replacement] as const;
  });
}

/** Like opencc-js's `loadDictGroup`: on a word in several dictionaries of a group, the first dictionary wins. */
function tableOf(group: readonly Dictionary[]): Table {
  const words = new Map<string, string>();
  const longest = new Map<number, number>();
  for (const dictionary of [...group].reverse()) {
    for (const [word, replacement] of entriesOf(dictionary)) {
      if (word === '') continue;
      words.set(word, replacement);
      const first = word.codePointAt(0) as number;
      if ((longest.get(first) ?? 0) < word.length) longest.set(first, word.length);
    }
  }
  return { words, longest };
}

const unitsOf = (text: string, index: number): number => ((text.codePointAt(index) as number) > 0xffff ? 2 : 1);

/** Operands an Ideographic Description Character (⿰ … ⿻) takes: 2, or 3 for ⿲ ⿳. */
function idsOperands(codePoint: number | undefined): number {
  if (codePoint === undefined) return 0;
  if (codePoint >= 0x2ff0 && codePoint <= 0x2ff1) return 2;
  if (codePoint >= 0x2ff2 && codePoint <= 0x2ff3) return 3;
  if (codePoint >= 0x2ff4 && codePoint <= 0x2fff) return 2;
  return 0;
}

/** End of the Ideographic Description Sequence starting at `index`, or 0 when none starts there. */
function idsEnd(text: string, index: number): number {
  const operands = idsOperands(text.codePointAt(index));
  if (operands === 0) return 0;
  let end = index + unitsOf(text, index);
  for (let operand = 0; operand < operands; operand += 1) {
    if (end >= text.length) return 0;
    end = idsEnd(text, end) || end + unitsOf(text, end);
  }
  return end;
}

/** How far an unmatched position advances: a whole description sequence (one described character), else one character. */
function unmatchedStep(text: string, index: number): number {
  const end = idsEnd(text, index);
  return end > index ? end - index : unitsOf(text, index);
}

function convertWith({ words, longest }: Table, text: string): string {
  const parts: string[] = [];
  let unmatchedFrom = -1;
  for (let index = 0; index < text.length;) {
    const maximum = Math.min(longest.get(text.codePointAt(index) as number) ?? 0, text.length - index);
    let matched = 0;
    let replacement = '';
    for (let length = maximum; length > 0; length -= 1) {
      const found = words.get(text.slice(index, index + length));
      if (found !== undefined) {
        matched = length;
        replacement = found;
        break;
      }
    }
    if (matched > 0) {
      if (unmatchedFrom >= 0) parts.push(text.slice(unmatchedFrom, index));
      unmatchedFrom = -1;
      parts.push(replacement);
      index += matched;
    } else {
      if (unmatchedFrom < 0) unmatchedFrom = index;
      index += unmatchedStep(text, index);
    }
  }
  if (unmatchedFrom >= 0) parts.push(text.slice(unmatchedFrom));
  return parts.join('');
}

/** A converter applying each dictionary group in turn (OpenCC's conversion chain), like opencc-js's `ConverterFactory`. */
export function compactConverter(...groups: ReadonlyArray<readonly Dictionary[]>): (text: string) => string {
  const tables = groups.map(tableOf);
  return (text) => tables.reduce((converted, table) => convertWith(table, converted), text);
}
