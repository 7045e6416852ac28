import type { TextBlock } from './format-blocks.ts';

/** Not text a reader reads as part of the article (pictures, their captions, scripts, form controls). */
const skipped = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'svg',
  'img',
  'picture',
  'video',
  'audio',
  'canvas',
  'figcaption',
  'button',
  'select',
  'input',
  'textarea',
  'object',
  'embed',
  'map',
  'head',
  'title',
  'meta',
  'link',
]);
/** Elements that end the paragraph before them and start a new one. */
const blockTags = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'nav',
  'blockquote',
  'pre',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'caption',
  'figure',
  'form',
  'fieldset',
  'address',
  'center',
  'hr',
  'body',
  'html',
  'details',
  'summary',
]);
const han = String.raw`\p{Script=Han}\u3000-\u303f\uff00-\uffef`;
const breakBetweenHan = new RegExp(`(?<=[${han}])[ \\t\\r\\f]*\\n\\s*(?=[${han}])`, 'gu');

/**
 * HTML whitespace as a reader sees it: runs collapse to one space, except that a source line break
 * between two Chinese characters is no space at all (browsers differ; Chinese prose has none).
 */
export function collapseWhitespace(text: string): string {
  return text.replace(breakBetweenHan, '').replace(/\s+/g, ' ').trim();
}

class BlockBuilder {
  readonly blocks: TextBlock[] = [];
  private buffer = '';

  append(text: string): void {
    this.buffer += text;
  }

  flush(): void {
    const text = collapseWhitespace(this.buffer);
    if (text !== '') this.blocks.push({ kind: 'paragraph', text });
    this.buffer = '';
  }
}

/** The text of an element on one line (a heading, a table cell), pictures and scripts left out. */
function inlineText(element: Element): string {
  const builder = new BlockBuilder();
  walk(element, builder);
  builder.flush();
  return builder.blocks.map((block) => block.text).join(' ');
}

function walk(node: Node, builder: BlockBuilder): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) {
      builder.append(child.textContent ?? '');
      continue;
    }
    if (child.nodeType !== 1) continue;
    const element = child as Element;
    const tag = element.tagName.toLowerCase();
    const hidden =
      element.getAttribute('hidden') !== null ||
      element.getAttribute('aria-hidden') === 'true' ||
      /display\s*:\s*none/i.test(element.getAttribute('style') ?? '');
    if (skipped.has(tag) || hidden) continue;
    // A <br> in Chinese pages and in Word's soft returns separates paragraphs far more often than lines.
    if (tag === 'br') {
      builder.flush();
      continue;
    }
    const heading = /^h([1-6])$/.exec(tag);
    if (heading?.[1] !== undefined) {
      builder.flush();
      const text = inlineText(element);
      if (text !== '') builder.blocks.push({ kind: 'heading', text, level: Number(heading[1]) });
      continue;
    }
    // Tables are flattened: one paragraph per row, cells separated by " | ".
    if (tag === 'tr') {
      builder.flush();
      const cells = Array.from(element.children)
        .filter((cell) => /^t[dh]$/i.test(cell.tagName))
        .map((cell) => inlineText(cell))
        .filter((text) => text !== '');
      if (cells.length > 0) builder.blocks.push({ kind: 'paragraph', text: cells.join(' | ') });
      continue;
    }
    if (blockTags.has(tag)) {
      builder.flush();
      walk(element, builder);
      builder.flush();
      continue;
    }
    walk(element, builder);
  }
}

/** Headings and paragraphs of an HTML element's content, in document order. */
export function htmlBlocks(root: Node): TextBlock[] {
  const builder = new BlockBuilder();
  walk(root, builder);
  builder.flush();
  return builder.blocks;
}
