import { loadConfig } from './src/config.ts';
import { loadAnswerEngine } from './src/generation/answer-engine.ts';
import { readFileSync } from 'node:fs';
const engine = await loadAnswerEngine({ config: loadConfig({ EMBEDDING_MODEL: 'none' }) });
const qs = readFileSync('eval/questions.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).question as string).slice(0, 200);
for (const q of qs) await engine.answer({ question: q });
for (let r = 0; r < 2; r++) {
let t = performance.now(); for (const q of qs) await engine.analyze({ question: q }); const a = (performance.now() - t) / qs.length;
t = performance.now(); for (const q of qs) await engine.answer({ question: q }); const b = (performance.now() - t) / qs.length;
console.log('analyze', a.toFixed(2), 'answer', b.toFixed(2));
}
