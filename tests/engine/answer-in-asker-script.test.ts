import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerPart, AnswerResponse } from '../../src/question/answer-parts.ts';
import type { LoadedAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import { simplifiedOnlyIn } from '../../src/text/chinese-script.ts';
import { loadTestEngine } from './engine-fixture.ts';

let engine: LoadedAnswerEngine;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ engine, remove } = await loadTestEngine());
});

afterAll(async () => {
  await remove();
});

async function streamed(question: string): Promise<{ deltas: string; response: AnswerResponse; citations: AnswerPart[] }> {
  let deltas = '';
  let response: AnswerResponse | undefined;
  const citations: AnswerPart[] = [];
  for await (const part of engine.stream({ question })) {
    if (part.type === 'text-delta') deltas += part.text;
    else if (part.type === 'citations') citations.push(part);
    else response = part.response;
  }
  if (response === undefined) throw new Error('no done part');
  return { deltas, response, citations };
}

describe('answers in the asker’s script (issue 17)', () => {
  it('answers a traditional-Chinese question in traditional characters, as zh-Hant, deltas adding up to the answer', async () => {
    const { deltas, response } = await streamed('2020年園區生物醫藥產業產值是多少？');
    expect(response.language).toBe('zh-Hant');
    expect(response.answered).toBe(true);
    expect(response.answer).toContain('1022億元');
    expect(simplifiedOnlyIn(response.answer)).toEqual([]);
    expect(deltas).toBe(response.answer);
  });

  it('shows a quote from a traditional source as the source writes it, in the answer and the citation', async () => {
    const { response } = await streamed('蘇州工業園區的三大未來產業是什麼？');
    expect(response.language).toBe('zh-Hant');
    const citation = response.citations.find((item) => item.docId === 'news-2024-future-industries');
    expect(citation).toBeDefined();
    const original = engine.passage(citation?.id ?? '')?.chunk.textOriginal;
    expect(original).toBeDefined();
    // The passage and quote as written in the source (作為, 布局), not a round trip through simplified (作爲, 佈局).
    expect(citation?.text).toBe(original);
    expect(original).toContain(citation?.quote);
    expect(citation?.quote).toContain('作為開放創新');
    expect(response.answer).toContain('作為開放創新“橋頭堡”，大力布局人工智能');
  });

  it('converts the document title (the service’s label) but leaves a simplified source’s quote as written', async () => {
    const { response } = await streamed('2020年園區生物醫藥產業產值是多少？');
    const yearbook = response.citations.find((item) => item.docId.startsWith('yearbook-2020'));
    expect(yearbook?.documentTitle.zh).toContain('蘇州工業園區');
    expect(yearbook?.quote).toMatch(/亿元/);
  });

  it('converts each source’s heading and section path too: they are labels under the answer, not quotations', async () => {
    const { response } = await streamed('蘇州工業園區的三大未來產業是什麼？');
    expect(response.citations.length).toBeGreaterThan(0);
    for (const citation of response.citations) {
      expect(simplifiedOnlyIn(citation.title), citation.title).toEqual([]);
      for (const heading of citation.section) expect(simplifiedOnlyIn(heading), heading).toEqual([]);
    }
  });

  it('leaves simplified and English questions as they were', async () => {
    const simplified = await engine.answer({ question: '2020年园区生物医药产业产值是多少？' });
    expect(simplified.language).toBe('zh');
    expect(simplified.answer).toContain('1022亿元');
    const english = await engine.answer({ question: 'What was the output value of the biomedicine industry in 2020?' });
    expect(english.language).toBe('en');
  });

  it('declines in traditional characters too', async () => {
    const response = await engine.answer({ question: '蘇州工業園區的人口有多少？' });
    expect(response.answered).toBe(false);
    expect(response.language).toBe('zh-Hant');
    expect(simplifiedOnlyIn(response.answer)).toEqual([]);
  });
});
