import mammoth from 'mammoth';
import { parseHTML } from 'linkedom';
import { DocumentError } from './document-error.ts';
import type { TextBlock } from './format-blocks.ts';
import { htmlBlocks } from './html-blocks.ts';

export interface ExtractedDocx {
  blocks: TextBlock[];
  title?: string;
  warnings: string[];
}

/**
 * Word's Title style is the document title; captions are dropped as the PDF extractor drops them
 * (they interrupt the prose they sit in). Mammoth's defaults map Heading 1–6 to <h1>–<h6>.
 */
const styleMap = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Subtitle'] => h2:fresh",
  // Headings sit one level below the title, so a section path starts under the document's title.
  'p.Heading1 => h2:fresh',
  'p.Heading2 => h3:fresh',
  'p.Heading3 => h4:fresh',
  'p.Heading4 => h5:fresh',
  'p.Heading5 => h6:fresh',
  "p[style-name='Caption'] => !",
  "p[style-name='caption'] => !",
  // A Caption paragraph whose style is referenced by id but not defined in styles.xml (generators do this).
  'p.Caption => !',
];
/** Pictures are not read: an empty src instead of Mammoth's default base64 data URI. */
const dropImages = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));

/**
 * A Word .docx through Mammoth: headings and paragraphs as the document's styles mark them,
 * lists as one paragraph per item, tables one row per paragraph. Page headers, footers and
 * comments are not part of Mammoth's output.
 */
export async function extractDocx(bytes: Uint8Array, file: string): Promise<ExtractedDocx> {
  let html: string;
  let messages: Array<{ type: string; message: string }>;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) },
      { styleMap, convertImage: dropImages, externalFileAccess: false },
    );
    html = result.value;
    messages = result.messages;
  } catch (error) {
    throw new DocumentError('DOC_CORRUPT', file, `is not a readable Word .docx (${(error as Error).message.slice(0, 120)})`, { cause: error });
  }
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const blocks = htmlBlocks(document.body);
  const title = blocks.find((block) => block.kind === 'heading' && block.level === 1)?.text;
  // Mammoth names styles it has no mapping for (their text is kept as paragraphs); worth a look, not an error.
  const warnings = [...new Set(messages.map((message) => `docx: ${message.message}`))].slice(0, 10);
  return { blocks, ...(title !== undefined ? { title } : {}), warnings };
}
