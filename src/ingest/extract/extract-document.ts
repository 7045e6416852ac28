import type { TextEncodingName } from './decode-text.ts';
import { baseMediaType, detectDocumentType, type DocumentFormat } from './detect-document-type.ts';
import { DocumentError } from './document-error.ts';
import { extractText } from './extract-text.ts';
import { formatBlocks, type TextBlock } from './format-blocks.ts';

export { contentHash } from './content-hash.ts';
export { DocumentError, type DocumentErrorCode } from './document-error.ts';
export type { DocumentFormat } from './detect-document-type.ts';

export interface DocumentInput {
  bytes: Uint8Array;
  /** The name it was uploaded or stored under: named in errors, and its extension is a hint to the type. */
  fileName: string;
  /** The upload's Content-Type, if any (`text/plain; charset=gbk` also declares the encoding). */
  mediaType?: string;
  /** Larger documents are refused before anything is parsed. */
  maxBytes: number;
}

export interface ExtractedDocument {
  /**
   * Plain text for the cleaners: headings on their own `## ` lines, one paragraph per line, blocks
   * separated by blank lines. Plain-text files come back as they are (their quirks are the cleaners' job).
   */
  text: string;
  format: DocumentFormat;
  title?: string;
  /** PDFs: the page count. */
  pages?: number;
  /** Things worth telling whoever added the document (pages without text, an encoding that was guessed). */
  warnings: string[];
  /** Text formats: the encoding the bytes were read in. */
  detectedEncoding?: TextEncodingName;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The `charset=` parameter of a media type. */
function charsetOf(mediaType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([\w-]+)"?/i.exec(mediaType ?? '')?.[1];
}

function fromBlocks(
  format: DocumentFormat,
  file: string,
  result: { blocks: TextBlock[]; title?: string; warnings: string[] },
  extra: Partial<ExtractedDocument> = {},
): ExtractedDocument {
  if (!result.blocks.some((block) => block.kind === 'paragraph')) throw new DocumentError('DOC_EMPTY', file, 'contains no text to index');
  return { text: formatBlocks(result.blocks), format, ...(result.title !== undefined ? { title: result.title } : {}), warnings: result.warnings, ...extra };
}

/**
 * Reads a document of any supported kind (PDF, Word .docx, HTML, Markdown, plain text in UTF-8, GBK or
 * Big5) into plain text. The type is told by content first, then by extension and media type.
 * Failures are `DocumentError`s naming the file and the reason; nothing is written anywhere.
 */
export async function extractDocument({ bytes, fileName, mediaType, maxBytes }: DocumentInput): Promise<ExtractedDocument> {
  if (bytes.length > maxBytes) throw new DocumentError('DOC_TOO_LARGE', fileName, `is ${mb(bytes.length)}, over the ${mb(maxBytes)} limit`);
  if (bytes.length === 0) throw new DocumentError('DOC_EMPTY', fileName, 'is empty (0 bytes)');
  const format = detectDocumentType(bytes, fileName, mediaType);
  const charset = baseMediaType(mediaType)?.startsWith('text/') === true ? charsetOf(mediaType) : undefined;
  switch (format) {
    // The parsers (pdf.js, mammoth, linkedom, Readability, marked: ~60 MB resident) are imported when a document of
    // their kind is first read, so a server that only answers questions never loads them.
    case 'pdf': {
      const { extractPdf } = await import('./extract-pdf.ts');
      const pdf = await extractPdf(bytes, fileName);
      return fromBlocks(format, fileName, pdf, { pages: pdf.pages });
    }
    case 'docx': {
      const { extractDocx } = await import('./extract-docx.ts');
      return fromBlocks(format, fileName, await extractDocx(bytes, fileName));
    }
    case 'html': {
      const { extractHtml } = await import('./extract-html.ts');
      const html = extractHtml(bytes, fileName, charset);
      return fromBlocks(format, fileName, html, { detectedEncoding: html.encoding });
    }
    case 'markdown': {
      const { extractMarkdown } = await import('./extract-markdown.ts');
      const markdown = extractMarkdown(bytes, fileName, charset);
      return fromBlocks(format, fileName, markdown, { detectedEncoding: markdown.encoding });
    }
    case 'text': {
      const text = extractText(bytes, fileName, charset);
      if (text.text.trim() === '') throw new DocumentError('DOC_EMPTY', fileName, 'contains only whitespace');
      return { text: text.text, format, warnings: text.warnings, detectedEncoding: text.encoding };
    }
  }
}
