/** Characters after which a line really ends: sentence ends, possibly inside closing quotes/brackets. */
const sentenceEnd = /[。！？!?；]["”’」』)）]*$/;

export interface JoinOptions {
  /** Lines that must stay on their own (headings, entry titles). */
  isHeading?: (line: string) => boolean;
  /** Lines that always begin a new paragraph (yearbook entries begin with `【`). */
  startsParagraph?: (line: string) => boolean;
}

/**
 * Joins hard line breaks inside sentences (001 breaks every ~15 characters, 000 at page ends,
 * 002 every ~20). A blank line is not a paragraph break in these files; a line that ends a sentence
 * or is a heading is. Latin words split across a break keep a space between them.
 */
export function joinBrokenLines(lines: string[], { isHeading = () => false, startsParagraph = () => false }: JoinOptions = {}): string[] {
  const paragraphs: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim() !== '') paragraphs.push(current.trim());
    current = '';
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (isHeading(line)) {
      flush();
      paragraphs.push(line);
      continue;
    }
    if (startsParagraph(line)) flush();
    current = current === '' ? line : current + (/[A-Za-z0-9]$/.test(current) && /^[A-Za-z0-9]/.test(line) ? ' ' : '') + line;
    if (sentenceEnd.test(line)) flush();
  }
  flush();
  return paragraphs;
}
