import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainAnalysis } from '../../src/cli/explain-analysis.ts';
import type { LoadedAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import { loadTestEngine } from '../engine/engine-fixture.ts';

let engine: LoadedAnswerEngine;
let remove: () => Promise<void>;
beforeAll(async () => {
  ({ engine, remove } = await loadTestEngine());
});
afterAll(async () => remove());

describe('npm run ask -- --explain', () => {
  it('shows the key terms, what the question asks for, the passages, the evidence with scores and the decision', async () => {
    const lines = explainAnalysis(await engine.analyze({ question: 'How many AI companies did SIP have in 2020?' }));
    const text = lines.join('\n');
    expect(text).toMatch(/^key terms: .*ai \[人工智能/m);
    expect(text).toMatch(/^asks for: .*number.*years=2020/m);
    expect(text).toMatch(/^ {2}1\. yearbook-2020-\S+ {2}score \d\.\d{3}/m);
    expect(text).toMatch(/^ {2}\d\.\d{3} {2}coverage \d\.\d{2} {2}\S+#\d+ {2}.*人工智能企业600余家/m);
    expect(lines.at(-1)).toBe('decision: answerable');
  });

  it('names the reason of a decline', async () => {
    const lines = explainAnalysis(await engine.analyze({ question: 'What is the population of SIP?' }));
    expect(lines.at(-1)).toMatch(/^decision: decline \(\{.+\}\)$/);
  });
});
