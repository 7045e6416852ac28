/** The parts of a benchmark run, in running order; `npm run bench -- --only …` chooses some. */
export const benchParts = ['real', 'scale', 'worst-case', 'footprint'] as const;
export type BenchPart = (typeof benchParts)[number];

/** The parts named by --only (comma-separated), in running order; all of them without it. */
export function parseParts(text: string | undefined): BenchPart[] {
  if (text === undefined) return [...benchParts];
  const named = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const unknown = named.filter((part) => !(benchParts as readonly string[]).includes(part));
  if (named.length === 0 || unknown.length > 0) throw new Error(`--only takes ${benchParts.join(', ')} separated by commas, got "${text}"`);
  return benchParts.filter((part) => named.includes(part));
}
