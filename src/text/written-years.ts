/** A year as Chinese prose writes it: four digits followed by 年 (超2000家 is a count, not a year). */
const writtenYear = /(?<!\d)(19[5-9]\d|20[0-4]\d)(?=年)/g;

/** Every year written in `text`. */
export function yearsWrittenIn(text: string): number[] {
  return [...text.matchAll(writtenYear)].map((match) => Number(match[1]));
}

/** Every year written in any of the passages, once each, ascending (the manifest's `yearsWritten`). */
export function yearsWrittenInAll(passages: ReadonlyArray<{ text: string }>): number[] {
  return [...new Set(passages.flatMap((passage) => yearsWrittenIn(passage.text)))].sort((left, right) => left - right);
}
