import { readFileSync } from 'node:fs';
import { loadConfig } from './src/config.ts';
import { loadAnswerEngine } from './src/generation/answer-engine.ts';
const engine = await loadAnswerEngine({ config: loadConfig() });
const items = new Map(readFileSync('eval/questions.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l)).map((i) => [i.id, i]));
for (const id of process.argv.slice(2)) {
  const item = items.get(id); const first = items.get(item.followUpOf);
  const a1 = await engine.answer({ question: first.question });
  const a2 = await engine.answer({ question: item.question, history: [{ role: 'user', content: first.question }, { role: 'assistant', content: a1.answer }] });
  console.log(id, '|', item.question, '→', a2.resolvedQuestion, '|', a2.answered, a2.answer.replace(/\n/g, ' ').slice(0, 200));
}
