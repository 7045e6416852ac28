import { readFileSync } from 'node:fs';
import { buildChunks } from '../../ingest/build-index.ts';
import { createTokenizer } from '../../text/tokenize.ts';
import { glossaryChineseTerms, loadGlossary } from '../../text/glossary.ts';
import { loadDataset } from '../../eval/dataset.ts';
import { LexicalIndex } from '../../retrieval/lexical-index.ts';
import { createQueryBridge } from '../../retrieval/bridge-query.ts';
import { createRetriever } from '../../retrieval/retriever.ts';
import { summarize } from '../percentiles.ts';
const { chunks } = buildChunks('corpus');
const glossary = loadGlossary('corpus/glossary.json');
const tokenizer = createTokenizer({ userWords: glossaryChineseTerms(glossary) });
const lexical = LexicalIndex.build(chunks, tokenizer);
const bridge = createQueryBridge({ glossary, vocabulary: lexical.vocabulary(), documentCount: chunks.length, dictionary: JSON.parse(readFileSync('index/bridge.json', 'utf8')) });
const r = createRetriever({ chunks, lexical, tokenizer, bridge, glossaryNames: new Set(glossaryChineseTerms(glossary)), vectors: null });
const items = loadDataset('eval/questions.jsonl');
for (const pass of [0, 1, 2]) {
  const by: Record<string, number[]> = { zh: [], en: [], 'zh-Hant': [] };
  const slow: Array<[number, string]> = [];
  for (const item of items) { const t = performance.now(); await r.retrieve(item.question); const ms = performance.now() - t; by[item.lang]!.push(ms); slow.push([ms, item.question]); }
  for (const [k, v] of Object.entries(by)) console.log(pass, k, JSON.stringify(summarize(v), (_, x) => (typeof x === 'number' ? +x.toFixed(2) : x)));
  if (pass === 2) console.log(slow.sort((a, b) => b[0] - a[0]).slice(0, 8));
}
const en = items.filter((i) => i.lang === 'en').map((i) => i.question);
let t = performance.now(); for (const q of en) bridge.bridge(q); console.log('bridge per en q', (performance.now() - t) / en.length);
const zh = items.filter((i) => i.lang !== 'en').map((i) => i.question);
t = performance.now(); for (const q of zh) tokenizer.tokenize(q); console.log('tokenize per zh q', (performance.now() - t) / zh.length);
