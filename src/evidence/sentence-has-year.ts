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

/** Quotations and titles, bounded so a mark left open costs a short scan, not one to the end. */
const quotation = /“[^“”]{0,80}”|《[^《》]{0,80}》|"[^"]{0,80}"/g;

/**
 * Whether the year is part of a name the question asks about: “2019年中国半导体MEMS十强企业” answers "China's top 10 MEMS
 * firms for 2019" although a year inside a quotation is not the sentence's own date (sentenceHasYear). The quotation
 * must hold one of the question's own words too (`forms`, two characters or more).
 */
export function namesYear(sentence: string, year: number, forms: readonly string[]): boolean {
  const distinctive = forms.filter((form) => [...form].length >= 2 && !/^\d+$/.test(form)).map((form) => form.toLowerCase());
  for (const [quoted] of sentence.matchAll(quotation)) {
    const lower = quoted.toLowerCase();
    if (lower.includes(String(year)) && distinctive.some((form) => lower.includes(form))) return true;
  }
  return false;
}

/**
 * 力争2022年…, 预计2024年…: a year a target or forecast is set for. (Not 到/截至2023年: "by 2023" reports what was reached.)
 */
const targetYearPattern = /(?:力争|争取|预计|计划|目标|规划)(?:在|于|到)?\s*((?:19|20)\d{2})\s*年/g;

/**
 * Whether the sentence writes the year only as the year of a target (「力争2022年三大新兴产业总产值达3600亿元」): it gives
 * no actual figure for that year, so it does not answer "2022年…产值是多少？".
 */
export function yearOnlyAsTarget(sentence: string, year: number): boolean {
  const text = withoutQuotations(sentence);
  const written = yearsWrittenIn(text).filter((found) => Number(found) === year).length;
  if (written === 0) return false;
  const targets = [...text.matchAll(targetYearPattern)].filter((match) => Number(match[1]) === year).length;
  return targets >= written;
}
