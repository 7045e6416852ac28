/** The years the documents speak of (1950–2049), as a pattern source with one capture group. */
export const yearDigits = String.raw`(19[5-9]\d|20[0-4]\d)`;

/** A year as Chinese prose writes it: four digits followed by 年 (超2000家 is a count, not a year). */
const writtenYear = new RegExp(String.raw`(?<!\d)${yearDigits}(?=年)`, 'g');

/** A year standing on its own, not inside a longer number (2021, 2021年, in 2021). */
const standaloneYear = new RegExp(String.raw`(?<!\d)${yearDigits}(?!\d)`, 'g');

/** Every year written in `text`. */
export function yearsWrittenIn(text: string): number[] {
  return [...text.matchAll(writtenYear)].map((match) => Number(match[1]));
}

/** Every year standing on its own in `text`, as written, in order. */
export function yearsMentionedIn(text: string): string[] {
  return [...text.matchAll(standaloneYear)].map((match) => match[1] as string);
}

/** A whole number shaped like a year of the last two centuries (1900–2099): figures and years are told apart by it. */
export function isYearLike(text: string): boolean {
  return /^(19|20)\d\d$/.test(text);
}

/** Every year written in any of the passages, once each, ascending (the manifest's `yearsWritten`). */
export function yearsWrittenInAll(passages: ReadonlyArray<{ text: string }>): number[] {
  return [...new Set(passages.flatMap((passage) => yearsWrittenIn(passage.text)))].sort((left, right) => left - right);
}
