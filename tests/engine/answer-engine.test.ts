import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import type { AnswerResponse } from '../../src/question/answer-parts.ts';
import { loadTestEngine } from './engine-fixture.ts';

let engine: LoadedAnswerEngine;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ engine, remove } = await loadTestEngine());
});
afterAll(async () => remove());

const ask = (question: string, history: Array<{ role: 'user' | 'assistant'; content: string }> = []) => engine.answer({ question, history });
const cited = (response: AnswerResponse) => response.citations.map((citation) => citation.id);
/** Asks `previous`, then `question` with that exchange as history, as the chat page does. */
async function followUp(previous: string, question: string): Promise<AnswerResponse> {
  const first = await ask(previous);
  return ask(question, [
    { role: 'user', content: previous },
    { role: 'assistant', content: first.answer },
  ]);
}

/** The response contract every answer keeps, whatever the question. */
function expectWellFormed(response: AnswerResponse): void {
  const used = new Set([...response.answer.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1])));
  const numbers = new Set(response.citations.map((citation) => citation.n));
  expect([...used].sort()).toEqual([...numbers].sort());
  for (const citation of response.citations) {
    expect(citation.text).toContain(citation.quote.slice(0, 10));
    expect(citation.score).toBeGreaterThan(0);
    expect(citation.score).toBeLessThanOrEqual(1);
  }
  expect(response.mode).toEqual({ retrieval: 'lexical', generator: 'extractive' });
  expect(response.timingsMs.total).toBeGreaterThanOrEqual(response.timingsMs.retrieval);
}

describe('Chinese questions', () => {
  it('answers a figure with the sentence that gives it and cites the yearbook entry', async () => {
    const response = await ask('2020年园区纳米技术应用产业产值是多少？');
    expectWellFormed(response);
    expect(response.answered).toBe(true);
    expect(response.language).toBe('zh');
    expect(response.answer).toContain('1010亿元');
    expect(cited(response).some((id) => id.startsWith('yearbook-2020-emerging#'))).toBe(true);
  });

  it('answers a definition from the entry about the name', async () => {
    const response = await ask('材料科学姑苏实验室是什么？');
    expectWellFormed(response);
    expect(response.answered).toBe(true);
    expect(response.answer).toContain('2020年6月30日');
    expect(response.citations[0]?.title).toBe('【材料科学姑苏实验室】');
  });

  it('restores the topic a yearbook sentence continues (生物医药产业方面，全年实现产值1022亿元)', async () => {
    const response = await ask('2020年园区生物医药产业产值是多少？');
    expect(response.answer).toContain('生物医药产业方面，全年实现产值1022亿元');
  });
});

describe('traditional-Chinese questions', () => {
  it('are converted, answered in traditional Chinese (zh-Hant), and cite the traditional-script feature', async () => {
    const response = await ask('蘇州納米城占地面積多大？');
    expectWellFormed(response);
    expect(response.language).toBe('zh-Hant');
    expect(response.answered).toBe(true);
    expect(response.answer).toMatch(/1平方公里|100萬平方米/);
  });
});

describe('English questions', () => {
  it('answer in English prose from the English edition, each sentence with its [n], without a Chinese block', async () => {
    const response = await ask("What was the output value of SIP's nanotechnology industry in 2020?");
    expectWellFormed(response);
    expect(response.language).toBe('en');
    expect(response.answered).toBe(true);
    expect(response.answer).toMatch(/101 billion yuan/);
    expect(response.answer).not.toContain('Source text');
    expect(response.answer).not.toMatch(/[\u4e00-\u9fff]/);
    // Prose: the lead is a sentence, not "Source (year): label: value".
    const lead = response.answer.split('[')[0] ?? '';
    expect(lead).not.toMatch(/^[^.]*: /);
    expect(lead.split(/\s+/).length).toBeGreaterThan(6);
    // Every sentence ends with its marker.
    for (const sentence of response.answer.split(/(?<=\]\.)\s+/)) expect(sentence).toMatch(/\[\d+\]\.$/);
    // The Chinese original travels in the citation, with its English edition and the English of the quote.
    const first = response.citations[0];
    expect(first?.quote).toContain('1010亿元');
    expect(first?.english?.quote).toContain('101 billion yuan');
    expect(first?.english?.text).toContain('101 billion yuan');
    expect(first?.english?.title).toMatch(/[A-Za-z]/);
  });

  it('show the figures side by side only when the documents really disagree', async () => {
    // 462亿元 (the yearbook) and 650亿余元 (the 2022 feature) for 2020 AI output do not agree.
    const response = await ask("What was the output value of SIP's artificial intelligence industry in 2020?");
    if (response.answer.includes('46.2 billion') && response.answer.includes('65 billion'))
      expect(response.answer).toMatch(/^The documents give different figures/);
    expect(response.answer).not.toContain('Source text');
  });

  it("offer follow-up questions the cited passages answer, in the question's language, never the question asked", async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const enrichmentDir = new URL('../../corpus/enrichment/', import.meta.url);
    const questionsOf = new Map<string, { zh: string[]; en: string[] }>();
    for (const file of readdirSync(enrichmentDir).filter((name) => name.endsWith('.jsonl'))) {
      for (const line of readFileSync(new URL(file, enrichmentDir), 'utf8')
        .split('\n')
        .filter((raw) => raw.trim() !== '')) {
        const entry = JSON.parse(line) as { id: string; questions: { zh: string[]; en: string[] } };
        questionsOf.set(entry.id, entry.questions);
      }
    }
    for (const [question, language] of [
      ["What was the output value of SIP's nanotechnology industry in 2020?", 'en'],
      ['2020年园区纳米技术应用产业产值是多少？', 'zh'],
    ] as const) {
      const response = await ask(question);
      const offered = response.citations.flatMap((citation) => questionsOf.get(citation.id)?.[language] ?? []);
      expect(response.suggestions?.length).toBeGreaterThanOrEqual(3);
      expect(response.suggestions?.length).toBeLessThanOrEqual(5);
      for (const suggestion of response.suggestions ?? []) expect(offered).toContain(suggestion);
      expect(response.suggestions).not.toContain(question);
      expect(new Set(response.suggestions).size).toBe(response.suggestions?.length);
    }
    // Asked exactly as one of the passage's own questions, that question is not offered back.
    const own = questionsOf.get('yearbook-2020-emerging#1')?.en[0] ?? '';
    const response = await ask(own);
    expect(response.suggestions ?? []).not.toContain(own);
  });

  it('passages keep their English edition at /passages', async () => {
    const view = engine.passage('yearbook-2020-emerging#1');
    expect(view?.english?.title).toBe('Overview');
    expect(view?.english?.text).toContain('249.4 billion yuan');
  });

  it('bridge glossary names (Gusu Lab → 材料科学姑苏实验室)', async () => {
    const response = await ask('What is Gusu Lab?');
    expect(response.answered).toBe(true);
    expect(response.answer).toContain('Gusu Lab');
    expect(response.citations[0]?.title).toBe('【材料科学姑苏实验室】');
  });
});

describe('declines', () => {
  it.each([
    ['马鞍山的产业园有哪些优惠政策？', 'zh', '马鞍山'],
    ['What incentives does the Ma’anshan Economic Development Zone offer?', 'en', ''],
    ['法国的首都是哪里？', 'zh', ''],
    ['Who won the 2022 FIFA World Cup?', 'en', ''],
    ['园区软件工程师的平均工资是多少？', 'zh', '工资'],
  ])('declines %s in its language', async (question, language, mention) => {
    const response = await ask(question);
    expectWellFormed({ ...response, mode: { retrieval: 'lexical', generator: 'extractive' } });
    expect(response.answered).toBe(false);
    expect(response.language).toBe(language);
    expect(response.answer).toMatch(language === 'zh' ? /抱歉/ : /Sorry/);
    if (mention !== '') expect(response.answer).toContain(mention);
  });

  it('declines a year the documents do not cover, says which years they do, and offers the nearest fact', async () => {
    const response = await ask('2025年园区人工智能产业产值是多少？');
    expect(response.answered).toBe(false);
    expect(response.answer).toContain('2025');
    expect(response.answer).toMatch(/2020–2024/);
  });

  it('never hands out the web page’s phone numbers or WeChat id', async () => {
    const response = await ask('产业招商联系人的电话和微信是多少？');
    expect(response.answered).toBe(false);
    expect(response.answer).not.toMatch(/1339121|400[\s-]?0123/);
  });
});

describe('conflicting figures', () => {
  it('shows both 2020 AI output figures of 000 (462亿元 and 650亿余元), each with its own citation', async () => {
    const response = await ask('2020年园区人工智能产业产值是多少？');
    expectWellFormed(response);
    expect(response.answer).toContain('462亿元');
    expect(response.answer).toContain('650亿余元');
    expect(response.answer).toContain('不一致');
    expect(response.citations.length).toBeGreaterThanOrEqual(2);
  });
});

describe('follow-ups', () => {
  it('resolves 「那纳米产业呢？」 against the previous question', async () => {
    const response = await followUp('2020年园区生物医药产业产值是多少？', '那纳米产业呢？');
    expect(response.resolvedQuestion).toBe('2020年园区纳米产业产值是多少？');
    expect(response.answer).toContain('1010亿元');
  });

  it('resolves "And in 2021?" by replacing the year', async () => {
    const response = await followUp("What was the output value of SIP's biomedicine industry in 2020?", 'And in 2021?');
    expect(response.resolvedQuestion).toBe("What was the output value of SIP's biomedicine industry in 2021?");
    expect(response.answer).toContain('117.7 billion yuan');
  });

  it('resolves a pronoun that comes with a date of its own instead of substituting the date into the previous question', async () => {
    const response = await followUp('思必驰哪一年落户园区？', '它在2023年7月发布了什么大模型？');
    expect(response.resolvedQuestion).toBe('思必驰在2023年7月发布了什么大模型？');
    expect(response.answered).toBe(true);
    expect(response.answer).toContain('DFM-2');
  });

  it('still substitutes a bare new year: 「那2021年呢？」', async () => {
    const response = await followUp('2020年园区生物医药产业产值是多少？', '那2021年呢？');
    expect(response.resolvedQuestion).toBe('2021年园区生物医药产业产值是多少？');
    expect(response.answer).toContain('1177亿元');
  });

  it('never rewrites a first question', async () => {
    const response = await ask('那纳米产业呢？');
    expect(response.resolvedQuestion).toBeUndefined();
  });
});

describe('the stream protocol', () => {
  it('yields citations, then text deltas that add up to the answer, then done', async () => {
    const parts = [];
    for await (const part of engine.stream({ question: '苏州纳米城位于哪里？' })) parts.push(part);
    expect(parts[0]?.type).toBe('citations');
    expect(parts.at(-1)?.type).toBe('done');
    const text = parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : [])).join('');
    const done = parts.at(-1);
    expect(done?.type === 'done' && done.response.answer).toBe(text);
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(engine.answer({ question: '苏州纳米城位于哪里？', signal: controller.signal })).rejects.toThrow();
  });
});

describe('agreement is not a conflict', () => {
  it('does not call the nanotech output a conflict when two passages both say 1010亿元', async () => {
    const response = await ask('2020年园区纳米技术应用产业产值是多少？');
    expect(response.answer).toContain('1010亿元');
    expect(response.answer).not.toContain('不一致');
  });
});

describe('questions in several parts', () => {
  it('answers a change between two years with a figure for each year', async () => {
    const response = await ask('从2020年到2023年，园区人工智能企业的数量有什么变化？');
    expectWellFormed(response);
    expect(response.answered).toBe(true);
    expect(response.answer).toContain('人工智能企业600余家');
    expect(response.answer).toContain('超1700家');
  });

  it('finds evidence for each question of a two-question message, from different documents', async () => {
    const response = await ask('2020年园区纳米技术应用领域累计引进和孵化了多少家企业？截至2022年初又有多少家纳米技术应用企业？');
    expectWellFormed(response);
    expect(response.answered).toBe(true);
    expect(response.answer).toContain('784家');
    expect(response.answer).toContain('超900家');
    expect(new Set(response.citations.map((citation) => citation.docId))).toEqual(new Set(['yearbook-2020-emerging', 'web-2022-innovation-clusters']));
  });

  it('bridges "Hong Kong/Macao/Taiwan" to 港澳台 instead of taking it for a place outside the park', async () => {
    const response = await ask('In 2020 how many biomedicine firms were in SIP, and how many were foreign or Hong Kong/Macao/Taiwan-funded?');
    expectWellFormed(response);
    expect(response.answered).toBe(true);
    expect(response.answer).toContain('1,700');
    expect(response.answer).toMatch(/more than 200 companies funded by foreign, Hong Kong, Macao or Taiwan investors \[\d\]/);
  });
});

describe('a figure must come from a sentence about the question', () => {
  it('declines a count for another district even though an unrelated sentence has a count of AI companies', async () => {
    const response = await ask('深圳南山区的人工智能企业有多少家？');
    expect(response.answered).toBe(false);
  });

  it("declines another park's output: a name with digits (G60) is not a figure", async () => {
    const response = await ask("How large was the biomedicine output of Shanghai's Zhangjiang Hi-Tech Park in 2020?");
    expect(response.answered).toBe(false);
  });
});

describe('things the documents never name', () => {
  it('declines a definition of a technology written in Latin letters that no passage mentions (mRNA)', async () => {
    expect((await ask('什么是mRNA疫苗？')).answered).toBe(false);
    expect((await ask('园区有哪些GLP-1药物？')).answered).toBe(false);
  });

  it("declines a person's age, which no document gives", async () => {
    const response = await ask('请问樊帅今年多大年纪？');
    expect(response.answered).toBe(false);
    expect(response.answer).toContain('年龄');
  });

  it('resolves 「那里」 to the place the previous question named', async () => {
    const response = await followUp('苏州纳米城在哪里？', '那里入驻了多少家企业？');
    expect(response.resolvedQuestion).toBe('苏州纳米城入驻了多少家企业？');
    expect(response.answer).toContain('397家');
  });
});

describe('dates of the event asked about', () => {
  it('declines "When was Innovent founded?" instead of giving the date of a drug approval', async () => {
    const response = await ask('When was Innovent founded?');
    expect(response.answered).toBe(false);
    const approval = await ask("When did Innovent's Sulinno get approved?");
    expect(approval.answered).toBe(true);
    expect(approval.answer).toContain('September 2020');
  });

  it('takes 「在园区成立」 as settling in the park (落户园区)', async () => {
    const response = await ask('江苏第三代半导体研究院是什么时候在园区成立的？');
    expect(response.answered).toBe(true);
    expect(response.answer).toContain('2019年7月26日');
  });

  it('a follow-up that inherits the subject does not inherit the question (a date, when it asks a count)', async () => {
    const response = await followUp('第十一届中国国际纳米技术产业博览会是什么时候举办的？', '参展企业有多少家？');
    expect(response.resolvedQuestion).toBe('第十一届中国国际纳米技术产业博览会 参展企业有多少家？');
  });
});

describe('general knowledge, other editions and other years', () => {
  it('declines to define a general term the documents only use (科创板, MEMS)', async () => {
    const response = await ask('什么是科创板？');
    expect(response.answered).toBe(false);
    expect((await ask('What does MEMS stand for?')).answered).toBe(false);
    // …while the park's own things are still defined from their entries.
    expect((await ask('材料科学姑苏实验室是什么？')).answered).toBe(true);
  });

  it('declines another edition or year of an event the documents describe once', async () => {
    expect((await ask('第十二届中国国际纳米技术产业博览会有多少家企业参会？')).answered).toBe(false);
    expect((await ask('2022全球人工智能产品应用博览会在哪里举办？')).answered).toBe(false);
    expect((await ask('第十一届中国国际纳米技术产业博览会有多少家企业参会？')).answered).toBe(true);
  });

  it('substitutes the edition in a follow-up 「那第十二届呢？」', async () => {
    const response = await followUp('第十一届中国国际纳米技术产业博览会是什么时候举办的？', '那第十二届呢？');
    expect(response.resolvedQuestion).toBe('第十二届中国国际纳米技术产业博览会是什么时候举办的？');
    expect(response.answered).toBe(false);
  });
});

describe('English phrasing that is not a name or an attribute', () => {
  it('does not take a contraction ("I\'m") for the name of another place', async () => {
    const response = await ask("Which universities are in SIP? I'm asking for a client.");
    expect(response.answered).toBe(true);
  });

  it('asks a salary only when it asks what someone is paid, not whether a product was free or paid', async () => {
    expect((await ask('Was the AI Yilan Wuyi assistant free or paid?')).answered).toBe(true);
    const salary = await ask('How much are engineers paid at AISpeech?');
    expect(salary.answered).toBe(false);
    expect(salary.answer).toContain('salaries');
  });
});
