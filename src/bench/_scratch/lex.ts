import { buildChunks } from '../../ingest/build-index.ts';
import { createTokenizer } from '../../text/tokenize.ts';
import { LexicalIndex } from '../../retrieval/lexical-index.ts';
import { chineseQueryTerms } from '../../retrieval/query-terms.ts';
import { loadDataset } from '../../eval/dataset.ts';
import type { Chunk } from '../../ingest/chunk.ts';
import { writeFileSync, readFileSync } from 'node:fs';
const { chunks } = buildChunks('corpus');
const sentences = chunks.flatMap((c) => c.text.split(/(?<=[。！？；])/).filter((s) => s.trim().length > 4));
const N = Number(process.argv[2] ?? 100000);
let s = 7; const rand = () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296; };
const syn: Chunk[] = [];
for (let i = 0; i < N; i++) { const k = 2 + Math.floor(rand() * 3); let text = ''; for (let j = 0; j < k; j++) text += sentences[Math.floor(rand() * sentences.length)]; const src = chunks[Math.floor(rand() * chunks.length)]!; syn.push({ ...src, id: `syn#${i}`, text }); }
const tok = createTokenizer();
let t = performance.now();
const lex = LexicalIndex.build(syn, tok);
console.log('build', N, (performance.now() - t) / 1000, 's');
t = performance.now(); const json = JSON.stringify(lex.toData()); writeFileSync('/tmp/lex.json', json); console.log('save', performance.now() - t, 'MB', json.length / 1e6);
t = performance.now(); const lex2 = LexicalIndex.fromData(JSON.parse(readFileSync('/tmp/lex.json', 'utf8'))); console.log('load ms', performance.now() - t);
const qs = loadDataset('eval/questions.jsonl').filter((q) => q.lang === 'zh').slice(0, 100);
const terms = qs.map((q) => chineseQueryTerms(q.question, tok, new Set()));
const times: number[] = [];
for (const tt of terms) { const a = performance.now(); lex2.search(tt, { topK: 30 }); times.push(performance.now() - a); }
times.sort((a, b) => a - b);
console.log('search p50', times[50], 'p95', times[95], 'max', times[99]);
