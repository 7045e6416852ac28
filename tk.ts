import { loadCorpus } from './src/ingest/load-corpus.ts';
import { cleanDocument } from './src/ingest/clean-document.ts';
import { splitDocument } from './src/ingest/split-text.ts';
const c = loadCorpus('corpus');
for (const d of c.documents) {
  const doc = cleanDocument(d.raw, d.source);
  const chunks = splitDocument(doc);
  console.log('=====', d.source.slug, doc.blocks.length, chunks.length);
  for (const ch of chunks) console.log(ch.id, ch.section.join(' › '), ch.text.length, '|', ch.text.slice(0, 60), '…', ch.text.slice(-30));
}
