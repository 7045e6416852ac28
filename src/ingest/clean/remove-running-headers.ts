/**
 * Drops the chapter's running page header (e.g. a stray ` 科学技术` line in 001) wherever it stands
 * alone on a line. The names come from `sources.json` because a header looks exactly like a heading.
 */
export function removeRunningHeaders(lines: string[], headers: string[]): string[] {
  if (headers.length === 0) return lines;
  const names = new Set(headers.map((header) => header.replace(/\s+/g, '')));
  return lines.filter((line) => !names.has(line.replace(/\s+/g, '')));
}
