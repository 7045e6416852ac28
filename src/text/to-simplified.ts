import * as OpenCC from 'opencc-js/t2cn';

// Taiwan-standard source covers the characters of the traditional-script feature (003) best;
// the converter is built once because building it parses OpenCC's dictionaries. `opencc-js/t2cn` holds
// only the →simplified tables (0.1 MB of source): the full build also carries the simplified→traditional
// phrase table (1.1 MB), which only a traditional-Chinese question needs (chinese-script.ts loads it then).
const convert = OpenCC.Converter({ from: 'tw', to: 'cn' });

/** Traditional → simplified Chinese; other text passes through unchanged. */
export function toSimplified(text: string): string {
  return convert(text);
}

/**
 * Characters OpenCC converts that are also correct simplified characters in names (倪乾 → 倪干 would
 * be wrong), kept as they are when fixing stray traditional characters in simplified documents.
 */
const simplifiedLookalikes = new Set(['乾']);

/**
 * For documents written in simplified Chinese: converts stray traditional characters the OCR let
 * through (`技術` → `技术`) while keeping characters that are valid in simplified names.
 */
export function fixStrayTraditional(text: string): string {
  const converted = toSimplified(text);
  if (converted === text || converted.length !== text.length) return converted.length === text.length ? converted : text;
  let output = '';
  for (let index = 0; index < text.length; index += 1) {
    const original = text[index] as string;
    output += simplifiedLookalikes.has(original) ? original : (converted[index] as string);
  }
  return output;
}

/** True when converting to simplified changes the text, i.e. it contains traditional characters. */
export function isTraditional(text: string): boolean {
  return fixStrayTraditional(text) !== text;
}
