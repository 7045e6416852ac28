/** A piece of an extracted document: a heading (level 1 is the biggest) or a paragraph of prose. */
export interface TextBlock {
  kind: 'heading' | 'paragraph';
  text: string;
  level?: number;
}

/**
 * The text the cleaners and the chunker read: each heading on its own line marked by its level as in
 * Markdown (`# ` for the title, `## ` below it; the yearbook cleaner's `stripMarkup` removes the marks,
 * the section chunker reads them), each paragraph on one line, blocks separated by a blank line.
 */
export function formatBlocks(blocks: TextBlock[]): string {
  return blocks
    .map((block) => ({ ...block, text: block.text.replace(/\s*\n\s*/g, ' ').trim() }))
    .filter((block) => block.text !== '')
    .map((block) => (block.kind === 'heading' ? `${'#'.repeat(Math.min(6, Math.max(1, block.level ?? 2)))} ${block.text}` : block.text))
    .join('\n\n');
}
