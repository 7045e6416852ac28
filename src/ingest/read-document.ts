import { DocumentError, extractDocument } from './extract/extract-document.ts';
import { CorpusFileError, type RawDocument } from './load-corpus.ts';

export interface ReadDocument {
  /** What the cleaners read: a `.txt` file as it is, other formats as extracted text (headings marked `#`). */
  text: string;
  /** True when the text came from an extractor: its headings and paragraphs are already found. */
  structured: boolean;
  warnings: string[];
}

/**
 * A corpus document's text. Plain-text files are read as they are (the seeds, cleaned by the quirk
 * cleaners); PDF, Word, HTML and Markdown files go through the extractors. A document that cannot be
 * extracted is a CorpusFileError naming its file, like any unreadable corpus file.
 */
export async function readDocument(document: RawDocument): Promise<ReadDocument> {
  if (document.raw !== undefined) return { text: document.raw, structured: false, warnings: [] };
  try {
    const extracted = await extractDocument({ bytes: document.bytes, fileName: document.source.file, maxBytes: Number.POSITIVE_INFINITY });
    return { text: extracted.text, structured: true, warnings: extracted.warnings };
  } catch (error) {
    if (DocumentError.isInstance(error)) throw new CorpusFileError(document.source.file, `corpus file ${error.message}`);
    throw error;
  }
}
