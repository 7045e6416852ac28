import { loadConfig } from './src/config.ts';
import { loadAnswerEngine } from './src/generation/answer-engine.ts';
const engine = await loadAnswerEngine({ config: loadConfig() });
for (const q of process.argv.slice(2)) {
  const a = await engine.analyze({ question: q });
  console.log('Q', q, a.language, JSON.stringify(a.needs));
  console.log(' bridged', a.retrieval.bridged.map(t => `${t.term}<${t.from}:${t.weight.toFixed(1)}`).join(' '));
  console.log(' terms', a.terms.map(t => `${t.label}[${t.forms.join('/')}]${t.weight.toFixed(1)}${t.unknown ? '?' : ''}${t.foreignName ? '!' : ''}`).join(' '));
  console.log(' hits', a.retrieval.hits.slice(0, 5).map(h => `${h.chunk.id}:${h.score.toFixed(2)}`).join(' '));
  for (const e of a.evidence) console.log(' ev', e.hit.chunk.id, e.score.toFixed(2), e.coverage.toFixed(2), e.excerpt.slice(0, 80));
  console.log(' decision', JSON.stringify(a.decision));
}
