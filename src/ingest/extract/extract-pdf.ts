import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, Util, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { composePdfText, type PdfPageLines } from './compose-pdf-text.ts';
import { DocumentError } from './document-error.ts';
import type { TextBlock } from './format-blocks.ts';
import { pdfTextLines, type PositionedText } from './pdf-text-lines.ts';

export interface ExtractedPdf {
  blocks: TextBlock[];
  title?: string;
  pages: number;
  warnings: string[];
}

/**
 * pdf.js's own data files, read from the installed package: the predefined CJK CMaps (a Chinese PDF
 * that does not embed its font, e.g. STSong-Light with UniGB-UCS2-H, has no text without them) and
 * the standard fonts' metrics.
 */
const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const pdfjsData = {
  cMapUrl: `${join(pdfjsRoot, 'cmaps')}/`,
  cMapPacked: true,
  standardFontDataUrl: `${join(pdfjsRoot, 'standard_fonts')}/`,
  wasmUrl: `${join(pdfjsRoot, 'wasm')}/`,
};
/** Private-use characters: what a font without a Unicode map extracts as. */
const privateUse = /[\ue000-\uf8ff\ufffd]/gu;
const noise = /[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/g;
const cjk = String.raw`\p{Script=Han}\u3000-\u303f\uff00-\uffef`;
/** A space pdf.js put between letter-spaced glyphs: next to a Chinese character, or inside a number. */
const fakeSpace = new RegExp(`(?<=[${cjk}]) (?=\\S)|(?<=\\S) (?=[${cjk}])|(?<=[\\d.%]) (?=[\\d.%])`, 'gu');

/**
 * pdf.js inserts a space wherever glyphs stand further apart than usual, so a justified Chinese line
 * with wide character spacing comes out as `资 企 业 2 0 0 余 家`. In a run where most characters are
 * separated by single spaces, those spaces are the layout's, not the text's.
 */
export function undoLetterSpacing(text: string): string {
  const chars = [...text.trim()];
  if (chars.length < 5) return text;
  let spaced = 0;
  for (let index = 1; index < chars.length - 1; index += 2) if (chars[index] === ' ' && chars[index - 1] !== ' ') spaced += 1;
  return spaced >= 0.8 * Math.floor(chars.length / 2) ? text.replace(fakeSpace, '') : text;
}

interface FontInfo {
  name?: string;
  bold?: boolean;
  black?: boolean;
}

/** A PDF must end with `%%EOF` within its last 1 KB (as Acrobat requires); a truncated upload does not. */
function assertComplete(bytes: Uint8Array, file: string): void {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
    .subarray(Math.max(0, bytes.length - 1024))
    .toString('latin1');
  if (!tail.includes('%%EOF')) throw new DocumentError('DOC_CORRUPT', file, 'is a truncated or damaged PDF (it does not end with %%EOF)');
}

async function open(bytes: Uint8Array, file: string): Promise<PDFDocumentProxy> {
  try {
    // A copy: pdf.js takes ownership of the buffer it is given, and the caller still needs its bytes.
    return await getDocument({
      data: new Uint8Array(bytes),
      ...pdfjsData,
      isEvalSupported: false,
      useSystemFonts: false,
      disableFontFace: true,
      // Images are never decoded: text extraction does not need them, and decoding a scan is slow.
      maxImageSize: 1,
      verbosity: 0,
    }).promise;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'PasswordException')
      throw new DocumentError('DOC_ENCRYPTED', file, 'is a password-protected PDF; remove the password and add it again', { cause: error });
    throw new DocumentError('DOC_CORRUPT', file, `is a damaged PDF (${(error as Error).message.slice(0, 120)})`, { cause: error });
  }
}

/**
 * The page's horizontal text runs in top-down page coordinates, with font names and weights. The
 * operator list is fetched only because it is what loads the fonts' names and flags.
 */
async function pageRuns(page: PDFPageProxy): Promise<{ runs: PositionedText[]; skipped: number }> {
  const content = await page.getTextContent();
  await page.getOperatorList();
  const viewport = page.getViewport({ scale: 1 });
  const fonts = new Map<string, FontInfo>();
  const fontOf = (name: string): FontInfo => {
    if (!fonts.has(name)) fonts.set(name, page.commonObjs.has(name) ? (page.commonObjs.get(name) as FontInfo) : {});
    return fonts.get(name) ?? {};
  };
  const runs: PositionedText[] = [];
  let skipped = 0;
  for (const item of content.items) {
    if (!('str' in item)) continue;
    const text = undoLetterSpacing((item as TextItem).str.replace(noise, ''));
    if (text.trim() === '') continue;
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = Util.transform(viewport.transform, item.transform) as number[];
    // Rotated and vertical text (stamps, spine lines, vertical Chinese) would break the line model.
    if (Math.abs(b) > 1e-3 || Math.abs(c) > 1e-3 || a <= 0 || d >= 0 || content.styles[item.fontName]?.vertical === true) {
      skipped += [...text].length;
      continue;
    }
    const font = fontOf(item.fontName);
    const fontName = (font.name ?? item.fontName).replace(/^[A-Z]{6}\+/, '');
    runs.push({
      text,
      x,
      y,
      width: item.width,
      size: Math.hypot(c, d),
      font: fontName,
      bold: font.bold === true || font.black === true || /bold|black|heavy|semibold|demi/i.test(fontName),
    });
  }
  return { runs, skipped };
}

/** `pages 3, 7` / `page 3`, for warnings. */
const pageList = (numbers: number[]) => `${numbers.length === 1 ? 'page' : 'pages'} ${numbers.slice(0, 10).join(', ')}${numbers.length > 10 ? ', …' : ''}`;

/**
 * A PDF's text with its layout undone: pdf.js (legacy build, in process) gives each page's text runs
 * with positions and fonts; `pdfTextLines` rebuilds lines and columns and `composePdfText` drops
 * running headers, page numbers and captions, finds headings and joins paragraphs.
 */
export async function extractPdf(bytes: Uint8Array, file: string): Promise<ExtractedPdf> {
  assertComplete(bytes, file);
  const pdf = await open(bytes, file);
  try {
    if (pdf.numPages === 0) throw new DocumentError('DOC_EMPTY', file, 'is a PDF without pages');
    const pages: PdfPageLines[] = [];
    const textless: number[] = [];
    const garbled: number[] = [];
    let skipped = 0;
    for (let number = 1; number <= pdf.numPages; number += 1) {
      let page: PDFPageProxy;
      let runs: PositionedText[];
      try {
        page = await pdf.getPage(number);
        const read = await pageRuns(page);
        runs = read.runs;
        skipped += read.skipped;
      } catch (error) {
        throw new DocumentError('DOC_CORRUPT', file, `is a damaged PDF: page ${number} cannot be read (${(error as Error).message.slice(0, 120)})`, {
          cause: error,
        });
      }
      const text = runs.map((run) => run.text).join('');
      if (text.trim() === '') textless.push(number);
      else if ((text.match(privateUse)?.length ?? 0) > 0.05 * [...text].length) garbled.push(number);
      pages.push({ number, height: page.getViewport({ scale: 1 }).height, lines: pdfTextLines(runs) });
      page.cleanup();
    }
    if (textless.length === pdf.numPages) throw new DocumentError('DOC_NO_TEXT_LAYER', file, 'has no text layer (a scanned document?); OCR is not supported');
    const warnings: string[] = [];
    if (textless.length > 0)
      warnings.push(
        `${pageList(textless)} ha${textless.length === 1 ? 's' : 've'} no text layer (scanned or blank); OCR is not supported, so their content is missing`,
      );
    if (garbled.length > 0) warnings.push(`${pageList(garbled)} may be garbled: a font without a Unicode map`);
    if (skipped > 0) warnings.push(`${skipped} characters of rotated or vertical text were skipped`);
    const composed = composePdfText(pages);
    let title = composed.title;
    if (title === undefined) {
      const info = (await pdf.getMetadata().catch(() => undefined))?.info as { Title?: unknown } | undefined;
      const metadataTitle = typeof info?.Title === 'string' ? info.Title.trim() : '';
      // Metadata titles are often a file name (`Microsoft Word - 文档1.docx`): only a real one is used.
      if (metadataTitle !== '' && !/\.(docx?|pdf|indd|txt)$/i.test(metadataTitle)) title = metadataTitle;
    }
    return { blocks: composed.blocks, ...(title !== undefined ? { title } : {}), pages: pdf.numPages, warnings };
  } finally {
    await pdf.destroy();
  }
}
