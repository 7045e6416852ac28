/** File names inside the index folder. */
export const indexFiles = {
  manifest: 'manifest.json',
  chunks: 'chunks.jsonl',
  lexical: 'lexical.json',
  dense: 'dense',
  bridge: 'bridge.json',
} as const;
