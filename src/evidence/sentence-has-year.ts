import type { Chunk } from '../index-store/chunk.ts';
import { withoutQuotations } from '../text/without-quotations.ts';
import { yearsMentionedIn, yearsWrittenIn } from '../text/written-years.ts';

/** A year is a sentence's own when written in it, or the passage's when the sentence names no year. */
export function sentenceHasYear(sentence: string, chunk: Chunk, year: number, yearsOf: (chunk: Chunk) => number[] = (item) => [item.year]): boolean {
  // Years inside quoted names (“2019年中国半导体MEMS十强企业”, 《…（2023-2025）》) are not the sentence's date.
  const dated = withoutQuotations(sentence);
  return dated.includes(String(year)) || (yearsWrittenIn(dated).length === 0 && yearsOf(chunk).includes(year));
}

/** Years a passage talks about: its own year and every year written in it. */
export function yearsIn(chunk: Chunk): number[] {
  return [chunk.year, ...yearsMentionedIn(chunk.text).map(Number)];
}
