import { loadConfig } from './src/config.ts';
import { loadAnswerEngine } from './src/generation/answer-engine.ts';
const engine = await loadAnswerEngine({ config: loadConfig({ EMBEDDING_MODEL: 'none' }) });
const q = process.argv[2] ?? '';
const h = process.argv[3];
const history = h ? [{ role: 'user' as const, content: h }, { role: 'assistant' as const, content: (await engine.answer({ question: h })).answer }] : [];
const r = await engine.answer({ question: q, history });
console.log(r.answer, '\n', JSON.stringify(r.citations.map(c => ({ n: c.n, id: c.id, quote: c.quote, en: c.english?.quote })), null, 1), r.resolvedQuestion);
