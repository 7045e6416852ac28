import { extname } from 'node:path';
import { DocumentError } from './document-error.ts';

export type DocumentFormat = 'pdf' | 'docx' | 'html' | 'markdown' | 'text';

const extensions: Record<string, DocumentFormat> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
};
const mediaTypes: Record<string, DocumentFormat> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/plain': 'text',
};
/** Binary formats people upload by mistake, named so the error says what the file is. */
const otherMagic: Array<[number[], string]> = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an executable'],
  [[0x4d, 0x5a], 'a Windows executable'],
];
const supportedList = 'PDF, Word .docx, HTML, Markdown and plain text';

const startsWith = (bytes: Uint8Array, magic: number[], at = 0) => magic.every((byte, index) => bytes[at + index] === byte);
/** Latin-1 view of the first bytes: enough to look for ASCII markers whatever the encoding. */
const head = (bytes: Uint8Array, length: number) => Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(length, bytes.length)).toString('latin1');

/** The media type without parameters (`text/html; charset=gbk` → `text/html`). */
export function baseMediaType(mediaType: string | undefined): string | undefined {
  return mediaType?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** A ZIP holding `word/document.xml`: file names sit uncompressed in the local and central headers. */
function isDocx(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).includes('word/document.xml', 0, 'latin1');
}

/**
 * What kind of document the bytes are: content first (`%PDF-`, a ZIP with `word/document.xml`, HTML
 * markers), then the extension and media type. A file whose name promises a PDF or .docx its bytes are
 * not is corrupt (a failed download, a truncated upload); a binary file of another kind is refused by name.
 */
export function detectDocumentType(bytes: Uint8Array, fileName: string, mediaType?: string): DocumentFormat {
  const byName = extensions[extname(fileName).toLowerCase()];
  const byMedia = mediaTypes[baseMediaType(mediaType) ?? ''];
  const claimed = byName ?? byMedia;
  // PDF readers accept up to 1 KB of junk before the header; so do we.
  if (head(bytes, 1024).includes('%PDF-')) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (isDocx(bytes)) return 'docx';
    if (claimed === 'docx') throw new DocumentError('DOC_CORRUPT', fileName, 'is a ZIP archive without word/document.xml: not a Word .docx, or a damaged one');
    throw new DocumentError('DOC_UNKNOWN_TYPE', fileName, `is a ZIP archive that is not a Word .docx (supported: ${supportedList})`);
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // A password-protected .docx is stored in an OLE container with an "EncryptionInfo" stream (UTF-16 name).
    if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).includes('EncryptionInfo', 0, 'utf16le')) {
      throw new DocumentError('DOC_ENCRYPTED', fileName, 'is a password-protected Office document; remove the password and add it again');
    }
    throw new DocumentError('DOC_UNKNOWN_TYPE', fileName, 'is a legacy Office file (Word 97–2003 .doc or similar); save it as .docx and add it again');
  }
  if (claimed === 'pdf') throw new DocumentError('DOC_CORRUPT', fileName, 'does not start with %PDF-: not a PDF, or a damaged one');
  if (claimed === 'docx') throw new DocumentError('DOC_CORRUPT', fileName, 'is not a ZIP archive: not a Word .docx, or a damaged one');
  for (const [magic, what] of otherMagic) {
    if (startsWith(bytes, magic)) throw new DocumentError('DOC_UNKNOWN_TYPE', fileName, `is ${what} (supported: ${supportedList})`);
  }
  const utf16 = startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]);
  if (!utf16 && head(bytes, 8192).includes('\u0000'))
    throw new DocumentError('DOC_UNKNOWN_TYPE', fileName, `is a binary file of an unknown kind (supported: ${supportedList})`);
  const extension = extname(fileName).toLowerCase();
  if (byName === undefined && extension !== '' && (byMedia === undefined || byMedia === 'pdf' || byMedia === 'docx')) {
    throw new DocumentError('DOC_UNKNOWN_TYPE', fileName, `has the unsupported type ${extension} (supported: ${supportedList})`);
  }
  if (claimed === 'markdown') return 'markdown';
  // HTML markers near the start, in any ASCII-compatible encoding (UTF-16 is checked after decoding).
  const start = utf16 ? '' : head(bytes, 2048).replace(/^\s+/, '').toLowerCase();
  if (claimed === 'html' || /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/.test(start)) return 'html';
  return 'text';
}
