import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { decodeText, type TextEncodingName } from './decode-text.ts';
import { dropWebBoilerplate } from './drop-web-boilerplate.ts';
import type { TextBlock } from './format-blocks.ts';
import { collapseWhitespace, htmlBlocks } from './html-blocks.ts';

export interface ExtractedHtml {
  blocks: TextBlock[];
  title?: string;
  encoding: TextEncodingName;
  warnings: string[];
}

/** Page chrome that is never the article, removed before Readability scores what is left. */
const chrome = 'script, style, noscript, template, iframe, nav, aside, footer, form, [role="navigation"], [role="banner"], [role="contentinfo"]';
/**
 * Chinese is dense: a complete news item is often 200–400 characters, under Readability's default
 * 500-character threshold, which would make it retry with looser rules and keep page chrome.
 */
const charThreshold = 150;

/** `<meta charset="gbk">` or `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">` near the start. */
function metaCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
}

/**
 * Readability's title keeps a site suffix joined without spaces (`…如何绽放？_苏州工业园区`); the page's
 * single <h1>, when the title contains it, is the article's own title.
 */
function articleTitle(readabilityTitle: string | undefined, headings: string[]): string | undefined {
  const title = collapseWhitespace(readabilityTitle ?? '');
  const [only, ...more] = headings;
  if (only !== undefined && more.length === 0 && [...only].length >= 4 && (title === '' || title.includes(only))) return only;
  return title === '' ? undefined : title;
}

/**
 * A web page's article: the main content as Mozilla Readability (Firefox Reader View) finds it on a
 * linkedom DOM, then related-article lists, share prompts and contact blocks dropped. The charset is
 * the one given by the upload, else the page's <meta>, else detected.
 */
export function extractHtml(bytes: Uint8Array, file: string, charset?: string): ExtractedHtml {
  const decoded = decodeText(bytes, file, charset ?? metaCharset(bytes));
  const warnings = decoded.warning !== undefined ? [decoded.warning] : [];
  const { document } = parseHTML(decoded.text);
  for (const element of Array.from(document.querySelectorAll(chrome))) element.remove();
  const h1s = Array.from(document.querySelectorAll('h1'))
    .map((h1) => collapseWhitespace(h1.textContent ?? ''))
    .filter((text) => text !== '');
  const fallbackTitle = collapseWhitespace(document.querySelector('title')?.textContent ?? '');
  // Readability rewrites the document it reads; the fallback below needs the page as it was.
  const body = document.body.cloneNode(true) as HTMLElement;
  const article = new Readability(document as unknown as Document, { charThreshold, serializer: (node: Node) => node }).parse();
  let blocks: TextBlock[];
  if (article?.content !== undefined && article.content !== null) {
    blocks = htmlBlocks(article.content);
  } else {
    warnings.push('the main content could not be identified; the whole page body was used');
    blocks = htmlBlocks(body);
  }
  blocks = dropWebBoilerplate(blocks);
  const title = articleTitle(article?.title ?? fallbackTitle, h1s);
  // The article cleaner reads the first line as the title: put it there when Readability left it out.
  // Readability demotes the article's <h1> to <h2>; the title is level 1 either way.
  if (title !== undefined && blocks[0]?.text === title) blocks[0] = { kind: 'heading', text: title, level: 1 };
  if (title !== undefined && blocks[0]?.text !== title) blocks.unshift({ kind: 'heading', text: title, level: 1 });
  return { blocks, ...(title !== undefined ? { title } : {}), encoding: decoded.encoding, warnings };
}
