import hnswlib from 'hnswlib-node';
import { buildChunks } from '../../ingest/build-index.ts';
import { toSimplified } from '../../text/to-simplified.ts';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
const { chunks } = buildChunks('corpus');
const texts = chunks.map((c) => c.text);
let t = performance.now();
for (let r = 0; r < 20; r++) for (const x of texts) toSimplified(x.normalize('NFKC'));
console.log('opencc ms/20 rounds', performance.now() - t);
const j = Jieba.withDict(dict);
t = performance.now();
for (let r = 0; r < 20; r++) for (const x of texts) for (const m of x.matchAll(/[\u3400-\u9fff]+/g)) j.cutForSearch(m[0], true);
console.log('jieba ms/20 rounds', performance.now() - t);

let a=1,b=2,c=3,d0=4;
const rand = () => { a>>>=0;b>>>=0;c>>>=0;d0>>>=0; let t=(a+b)|0; a=b^(b>>>9); b=(c+(c<<3))|0; c=(c<<21)|(c>>>11); d0=(d0+1)|0; t=(t+d0)|0; c=(c+t)|0; return (t>>>0)/4294967296; };
const gauss = () => { const u = 1 - rand(), v = rand(); return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v); };
const dims = 384, N = Number(process.argv[2] ?? 20000), efC = Number(process.argv[3] ?? 200), noise = Number(process.argv[4] ?? 0.6);
const unit = () => { const v = Array.from({ length: dims }, gauss); const n = Math.hypot(...v); return v.map((x) => x / n); };
const topics = Array.from({ length: 79 }, unit);
const docs: number[][] = [];
const vecs = new Float32Array(N * dims);
const mix = (parts: Array<[number[], number]>) => { const v = new Array(dims).fill(0); for (const [p, w] of parts) for (let d = 0; d < dims; d++) v[d] += p[d]! * w; const n = Math.hypot(...v); return v.map((x) => x / n); };
for (let i = 0; i < N; i++) {
  if (i % 8 === 0) docs.push(mix([[topics[Math.floor(rand() * 79)]!, 1], [unit(), 0.7]]));
  const v = mix([[docs[docs.length - 1]!, 1], [unit(), noise]]);
  vecs.set(v, i * dims);
}
const index = new hnswlib.HierarchicalNSW('cosine', dims);
index.initIndex(N, 16, efC);
t = performance.now();
for (let i = 0; i < N; i++) index.addPoint(Array.from(vecs.subarray(i * dims, (i + 1) * dims)), i);
console.log('hnsw build', N, 'efC', efC, 'ms', performance.now() - t);
const queries = Array.from({ length: 100 }, () => mix([[mix([[topics[Math.floor(rand() * 79)]!, 1], [unit(), 0.7]]), 1], [unit(), noise]]));
const exact = queries.map((q) => { const s: Array<[number, number]> = []; for (let i = 0; i < N; i++) { let d = 0; for (let k = 0; k < dims; k++) d += q[k]! * vecs[i * dims + k]!; s.push([d, i]); } s.sort((a, b) => b[0] - a[0]); return s.slice(0, 10); });
console.log('top1 sim avg', exact.reduce((s, e) => s + e[0]![0], 0) / 100, 'top10 sim', exact.reduce((s, e) => s + e[9]![0], 0) / 100, 'top100?');
for (const ef of [10, 20, 40, 64, 100, 200]) {
  index.setEf(ef);
  let hit = 0; t = performance.now();
  queries.forEach((q, qi) => { const r = index.searchKnn(q, 10); const ex = new Set(exact[qi]!.map((e) => e[1])); hit += r.neighbors.filter((n) => ex.has(n)).length; });
  console.log('ef', ef, 'recall', hit / 1000, 'ms/q', (performance.now() - t) / 100);
}
{
  const q = queries[0]!; index.setEf(200);
  const r = index.searchKnn(q, 15);
  console.log('hnsw', r.neighbors.map((n, i) => `${n}:${(1 - r.distances[i]!).toFixed(4)}`).join(' '));
  const s: Array<[number, number]> = []; for (let i = 0; i < N; i++) { let d = 0; for (let k = 0; k < dims; k++) d += q[k]! * vecs[i * dims + k]!; s.push([d, i]); } s.sort((a, b) => b[0] - a[0]);
  console.log('exact', s.slice(0, 15).map(([d, i]) => `${i}:${d.toFixed(4)}`).join(' '));
}
