import type { Block, CleanDocument } from '../clean-document.ts';
import type { SourceDocument } from '../../index-store/source-document.ts';
import { normalizeSpacing } from './normalize-spacing.ts';
import { fixStrayTraditional, toSimplified } from '../../text/to-simplified.ts';

/**
 * An extracted document (headings marked `#`…`######`, one paragraph per line): its layout quirks
 * are already undone by the extractor, so the blocks are read as they are. The first level-1 heading
 * is the document's title; traditional text is indexed simplified, its original kept.
 */
export function cleanStructured(text: string, source: SourceDocument): CleanDocument {
  const blocks: Block[] = [];
  let title: string | undefined;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const heading = /^(#{1,6})\s+(.*)$/.exec(trimmed);
    const content = normalizeSpacing(heading?.[2] ?? trimmed);
    if (content === '') continue;
    const simplified = source.script === 'traditional' ? toSimplified(content) : fixStrayTraditional(content);
    const original = simplified !== content ? { original: content } : {};
    if (heading?.[1] !== undefined) {
      const level = heading[1].length;
      if (title === undefined && level === 1 && blocks.length === 0) title = simplified;
      blocks.push({ kind: 'heading', text: simplified, level, ...original });
    } else {
      blocks.push({ kind: 'paragraph', text: simplified, ...original });
    }
  }
  const offsets: number[] = [];
  let position = 0;
  for (const block of blocks) {
    offsets.push(position);
    position += block.text.length + 1;
  }
  return { source, title: title ?? toSimplified(source.title.zh), blocks, text: blocks.map((block) => block.text).join('\n'), offsets, structured: true };
}
