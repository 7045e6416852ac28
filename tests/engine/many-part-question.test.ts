import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import type { AnswerEngine } from '../../src/question/answer-parts.ts';
import { loadIndex } from '../../src/engine/load-index.ts';
import { createRetriever, type Retriever } from '../../src/retrieval/retriever.ts';
import { glossaryChineseTerms } from '../../src/text/glossary.ts';
import { buildTestIndex } from './engine-fixture.ts';

/**
 * A question of several questions has each part retrieved and read on its own (coverEveryPart). A question
 * of a hundred "…？" parts was a hundred retrievals: 160 ms (issue 11). The parts read on their own are
 * now the first four; people ask two or three at once.
 */
let engine: AnswerEngine;
let retrieved: string[];
let remove: () => Promise<void>;

beforeAll(async () => {
  const index = await buildTestIndex();
  remove = index.remove;
  const loaded = await loadIndex({ config: index.config });
  const real = createRetriever({
    chunks: loaded.chunks,
    lexical: loaded.lexical,
    tokenizer: loaded.tokenizer,
    bridge: loaded.bridge,
    glossaryNames: new Set(glossaryChineseTerms(loaded.glossary)),
    vectors: null,
  });
  // The real retriever, recording what it is asked.
  const recording: Retriever = {
    mode: real.mode,
    chunk: (id) => real.chunk(id),
    retrieve: (question, options) => (retrieved.push(typeof question === 'string' ? question : question.text), real.retrieve(question, options)),
  };
  engine = createAnswerEngine({
    retriever: recording,
    lexical: loaded.lexical,
    tokenizer: loaded.tokenizer,
    glossary: loaded.glossary,
    chunks: loaded.chunks,
    documents: loaded.manifest.documents.map(({ slug, file, title, published }) => ({ slug, file, title, publishedYear: Number(published.slice(0, 4)) })),
    manifest: loaded.manifest,
    outsideNames: new Set(loaded.dictionary?.outsideNames ?? []),
  });
});
afterAll(async () => remove());

describe('a question of many questions', () => {
  it('retrieves the whole question and at most its first four parts', async () => {
    retrieved = [];
    const parts = Array.from({ length: 12 }, (_, index) => `${2012 + index}年园区生物医药产业产值是多少？`);
    const response = await engine.answer({ question: parts.join('') });
    expect(typeof response.answer).toBe('string');
    expect(retrieved[0]).toBe(parts.join(''));
    expect(retrieved.length).toBeLessThanOrEqual(5);
    expect(retrieved.slice(1).every((part) => parts.slice(0, 4).some((asked) => asked.startsWith(part)))).toBe(true);
  });

  it('still reads each part of a two-part question on its own', async () => {
    retrieved = [];
    await engine.answer({ question: '2020年园区三大新兴产业企业总计多少家？截至2022年初，园区有多少家上市企业？' });
    expect(retrieved).toEqual([
      '2020年园区三大新兴产业企业总计多少家？截至2022年初，园区有多少家上市企业？',
      '2020年园区三大新兴产业企业总计多少家',
      '截至2022年初，园区有多少家上市企业',
    ]);
  });
});
