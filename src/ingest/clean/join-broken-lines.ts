/** Characters after which a line really ends: sentence ends, possibly inside closing quotes/brackets. */
const sentenceEnd = /[。！？!?；]["”’」』)）]*$/;

export interface JoinOptions {
  /** Lines that must stay on their own (headings, entry titles). */
  isHeading?: (line: string) => boolean;
  /** Lines that always begin a new paragraph (yearbook entries begin with `【`). */
  startsParagraph?: (line: string) => boolean;
  /**
   * The whole document: a character repeated across a page break (000's `…第三代半导体研` / `研究院…`)
   * is written once when the document spells the joined words elsewhere without the repeat.
   */
  documentText?: string;
}

const cjk = /[\u4e00-\u9fff]/;

/** `…半导体研` + `研究院…` → `…半导体研究院…` when the document writes `半导体研究院` elsewhere. */
function joinAtBreak(current: string, line: string, documentText: string | undefined): string {
  if (/[A-Za-z0-9]$/.test(current) && /^[A-Za-z0-9]/.test(line)) return `${current} ${line}`;
  const repeated = current.at(-1);
  if (documentText !== undefined && repeated !== undefined && cjk.test(repeated) && line.startsWith(repeated)) {
    const once = current.slice(-4) + line.slice(1, 5);
    const twice = current.slice(-4) + line.slice(0, 5);
    if ([...once].length >= 6 && documentText.includes(once) && !documentText.includes(twice)) return current + line.slice(1);
  }
  return current + line;
}

/**
 * Joins hard line breaks inside sentences (001 breaks every ~15 characters, 000 at page ends,
 * 002 every ~20). A blank line is not a paragraph break in these files; a line that ends a sentence
 * or is a heading is. Latin words split across a break keep a space between them.
 */
export function joinBrokenLines(lines: string[], { isHeading = () => false, startsParagraph = () => false, documentText }: JoinOptions = {}): string[] {
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
    current = current === '' ? line : joinAtBreak(current, line, documentText);
    if (sentenceEnd.test(line)) flush();
  }
  flush();
  return paragraphs;
}
