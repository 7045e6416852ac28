import { loadConfig } from './src/config.ts';
import { loadAnswerEngine } from './src/engine/load-answer-engine.ts';
const engine = await loadAnswerEngine({ config: loadConfig({ ...process.env, EMBEDDING_MODEL: 'none' }) });
const r = await engine.answer({ question: process.argv[2]! });
console.log(r.answer);
for (const c of r.citations) console.log(c.id, JSON.stringify(c.quote).slice(0, 80), JSON.stringify(c.english?.quote)?.slice(0, 120), c.english ? 'has-en' : 'no-en');
