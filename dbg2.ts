import { readFileSync } from 'node:fs';
import { loadConfig } from './src/config.ts';
import { loadAnswerEngine } from './src/generation/answer-engine.ts';
const engine = await loadAnswerEngine({ config: loadConfig() });
const items = readFileSync('eval/questions.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const rows: string[] = [];
for (const item of items) {
  if (item.followUpOf) continue;
  const a = await engine.analyze({ question: item.question });
  const cov = a.evidence[0]?.coverage ?? 0;
  rows.push(`${a.language} ${item.answerable ? 'A' : 'D'} ${cov.toFixed(2)} ${a.decision.answerable ? 'ans' : (a.decision as any).reason.kind} ${item.id} ${item.question.slice(0, 60)}`);
}
console.log(rows.sort().join('\n'));
