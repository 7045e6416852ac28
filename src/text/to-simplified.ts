import * as OpenCC from 'opencc-js';

// Taiwan-standard source covers the characters of the traditional-script feature (003) best;
// the converter is built once because building it parses OpenCC's dictionaries.
const convert = OpenCC.Converter({ from: 'tw', to: 'cn' });

/** Traditional → simplified Chinese; other text passes through unchanged. */
export function toSimplified(text: string): string {
  return convert(text);
}

/** True when converting to simplified changes the text, i.e. it contains traditional characters. */
export function isTraditional(text: string): boolean {
  return toSimplified(text) !== text;
}
