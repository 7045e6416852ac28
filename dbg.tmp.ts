import { loadConfig } from './src/config.ts';
import { loadAnswerEngine } from './src/generation/answer-engine.ts';
const engine = await loadAnswerEngine({ config: loadConfig({ EMBEDDING_MODEL: 'none' }) });
const a = await engine.analyze({ question: process.argv[2] ?? '' });
console.log(JSON.stringify({ decision: a.decision, needs: a.needs, terms: a.terms.map(t => [t.label, t.weight, t.unknown]), ev: a.evidence.map(e => [e.sentence.slice(0, 60), e.coverage]) }, null, 0));
