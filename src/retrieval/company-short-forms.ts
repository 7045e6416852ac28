import type { GlossaryEntry } from '../text/glossary.ts';

/** Words that start many names ("Suzhou …", "National …"): a name's first two words are its short form only without them. */
const sharedNameWords = new Set(['suzhou', 'jiangsu', 'china', 'chinese', 'national', 'sip', 'cas', 'the', 'of', 'university', 'institute', 'shanghai']);

/**
 * A company's short forms: its first two words, when no other name starts with them ("Touchstone International
 * Medical" is the glossary's "Touchstone International Medical Science"; people shorten company names).
 */
export function companyShortForms(glossary: GlossaryEntry[]): Map<GlossaryEntry, string[]> {
  const starts = new Map<string, number>();
  const prefix = (name: string) => name.split(/\s+/).slice(0, 2).join(' ');
  for (const entry of glossary)
    for (const name of entry.en) if (name.split(/\s+/).length >= 3) starts.set(prefix(name).toLowerCase(), (starts.get(prefix(name).toLowerCase()) ?? 0) + 1);
  const forms = new Map<GlossaryEntry, string[]>();
  for (const entry of glossary) {
    if (entry.kind !== 'company') continue;
    const short = entry.en
      .filter((name) => name.split(/\s+/).length >= 3)
      .map(prefix)
      .filter((form) => starts.get(form.toLowerCase()) === 1 && !form.split(/\s+/).some((word) => sharedNameWords.has(word.toLowerCase())));
    if (short.length > 0) forms.set(entry, short);
  }
  return forms;
}
