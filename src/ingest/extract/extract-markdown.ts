import { parseHTML } from 'linkedom';
import { marked } from 'marked';
import { decodeText, type TextEncodingName } from './decode-text.ts';
import type { TextBlock } from './format-blocks.ts';
import { htmlBlocks } from './html-blocks.ts';

export interface ExtractedMarkdown {
  blocks: TextBlock[];
  title?: string;
  encoding: TextEncodingName;
  warnings: string[];
}

const frontMatter = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/**
 * Markdown through `marked` (CommonMark + GitHub tables): headings stay headings, links become their
 * text, images and raw-HTML scripts are dropped (an image's alt text describes a picture, like the
 * captions the PDF extractor drops), code keeps its text. A YAML front-matter `title:` is the title.
 */
export function extractMarkdown(bytes: Uint8Array, file: string, charset?: string): ExtractedMarkdown {
  const decoded = decodeText(bytes, file, charset);
  let source = decoded.text.replace(/^\uFEFF/, '');
  let title: string | undefined;
  const front = frontMatter.exec(source);
  if (front !== null) {
    title = /^title:\s*["']?(.*?)["']?\s*$/m.exec(front[1] ?? '')?.[1] || undefined;
    source = source.slice(front[0].length);
  }
  const html = marked.parse(source, { async: false, gfm: true });
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const blocks = htmlBlocks(document.body);
  title ??= blocks.find((block) => block.kind === 'heading' && block.level === 1)?.text;
  return { blocks, ...(title !== undefined ? { title } : {}), encoding: decoded.encoding, warnings: decoded.warning !== undefined ? [decoded.warning] : [] };
}
