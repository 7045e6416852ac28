import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import { loadPromptTemplates } from '../../src/generation/build-prompt.ts';
import { createPromptEchoCheck, documentsWording, type EchoTally } from '../../src/generation/prompt-echo.ts';
import { splitSentences } from '../../src/text/split-sentences.ts';
import type { Chunk } from '../../src/index-store/chunk.ts';
import { loadGlossary } from '../../src/text/glossary.ts';
import { loadDataset } from '../../src/eval/dataset.ts';
import { corpusDir, loadTestEngine } from '../engine/engine-fixture.ts';

const evalQuestions = new URL('../../eval/questions.jsonl', import.meta.url).pathname;

let engine: LoadedAnswerEngine;
let remove: () => Promise<void>;
let newTally: () => EchoTally;

beforeAll(async () => {
  let indexDir: string;
  ({
    engine,
    remove,
    config: { indexDir },
  } = await loadTestEngine());
  const chunks = readFileSync(join(indexDir, 'chunks.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Chunk);
  newTally = createPromptEchoCheck(loadPromptTemplates(), { ordinaryText: documentsWording(chunks, loadGlossary(join(corpusDir, 'glossary.json'))) });
});
afterAll(async () => remove());

const echoes = (text: string, language: 'zh' | 'en') => {
  const tally = newTally();
  return splitSentences(text, language).some((sentence) => tally(sentence));
};

describe('createPromptEchoCheck', () => {
  it('finds the prompts themselves, in both languages', () => {
    const templates = loadPromptTemplates();
    expect(echoes(templates.system.zh, 'zh')).toBe(true);
    expect(echoes(templates.system.en, 'en')).toBe(true);
    expect(echoes(templates.user.zh.replace('{{passages}}', '[1] 园区…').replace('{{question}}', '问题'), 'zh')).toBe(true);
  });

  it('finds no echo in any answer the engine gives to the evaluation’s questions (answers and declines, both languages)', async () => {
    const items = loadDataset(evalQuestions);
    expect(items.length).toBeGreaterThan(300);
    const flagged: string[] = [];
    for (const item of items) {
      const response = await engine.answer({ question: item.question });
      if (echoes(response.answer, response.language === 'en' ? 'en' : 'zh')) flagged.push(`${item.id}: ${response.answer}`);
    }
    expect(flagged).toEqual([]);
  });
});
