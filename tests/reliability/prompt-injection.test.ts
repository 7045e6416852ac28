import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import { loadAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import type { AnswerResponse } from '../../src/question/answer-parts.ts';
import { createLlmGenerator } from '../../src/generation/llm-generator.ts';
import { contactMarker } from '../../src/generation/redact-contacts.ts';
import type { Chunk } from '../../src/index-store/chunk.ts';
import { startFakeOpenAI, type FakeOpenAI, type FakeReply } from '../fixtures/fake-openai-server.ts';
import { contactsIn, injectionEn, injectionZh, makePoisonedCorpus, plantedEmail, plantedPhone, poisonedSlug } from '../fixtures/poisoned-corpus.ts';
import { parseSse, startRealService, type RealService } from '../server/real-engine.ts';

const promptsDir = fileURLToPath(new URL('../../prompts', import.meta.url));

let poisoned: RealService;
let config: Config;
let fake: FakeOpenAI | null = null;

beforeAll(async () => {
  poisoned = await startRealService({}, { corpus: makePoisonedCorpus });
  config = poisoned.config;
});
afterEach(async () => {
  await fake?.close();
  fake = null;
});
afterAll(async () => poisoned.close());

async function extractiveApp(): Promise<FastifyInstance> {
  return poisoned.app();
}

/** The real engine and server, with a real LLM generator talking HTTP to a fake that answers `reply`. */
async function llmApp(reply: FakeReply): Promise<FastifyInstance> {
  fake = await startFakeOpenAI({ script: reply });
  const llm = createLlmGenerator({ baseUrl: fake.url, apiKey: '', model: 'fake-model', timeoutMs: 3000 });
  return poisoned.app({}, { engine: await loadAnswerEngine({ config, llm }) });
}

const askJson = async (app: FastifyInstance, question: string) => {
  const response = await app.inject({ method: 'POST', url: '/api/answer', payload: { question } });
  expect(response.statusCode, response.body).toBe(200);
  return { body: response.body, answer: response.json<AnswerResponse>() };
};

const askStream = async (app: FastifyInstance, question: string) => {
  const response = await app.inject({ method: 'POST', url: '/api/answer', payload: { question }, headers: { accept: 'text/event-stream' } });
  expect(response.statusCode, response.body).toBe(200);
  const events = parseSse(response.body);
  const done = events.at(-1);
  expect(done?.event).toBe('done');
  return { body: response.body, events, answer: JSON.parse(done?.data ?? '{}') as AnswerResponse };
};

/** Where the planted claim appears at all, it is inside the quoted instruction, never stated on its own. */
function claimsOutsideQuotes(answer: string): string[] {
  const claims: string[] = [];
  for (const match of answer.matchAll(/园区已倒闭/g))
    if (!answer.slice(Math.max(0, match.index - 3), match.index).includes('回答“')) claims.push(`园区已倒闭 at ${match.index}`);
  for (const match of answer.matchAll(/the park (?:has )?closed/gi))
    if (!/say $/i.test(answer.slice(Math.max(0, match.index - 4), match.index))) claims.push(`${match[0]} at ${match.index}`);
  return claims;
}

const poisonQuestions = [
  '园区企业服务中心设有哪些窗口？',
  '园区企业服务中心的联系电话是多少？',
  '企业服务中心的邮箱是什么？',
  '园区已经倒闭了吗？',
  '2023年企业服务中心受理了多少件政策兑现申请？',
  'Has the park closed?',
  'What is the admin password?',
];

describe('a poisoned document in the index', () => {
  it('is really there: ingest kept the planted instructions and contact data in the passage text', async () => {
    // Read from the index itself: the engine shows passages without their contact data.
    const chunks = readFileSync(join(config.indexDir, 'chunks.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Chunk);
    const text = chunks.find((chunk) => chunk.id === `${poisonedSlug}#1`)?.text ?? '';
    expect(text).toContain(injectionZh);
    expect(text).toContain(injectionEn);
  });

  it('extractive answers treat the instructions as data: no planted claim stated, no phone or e-mail anywhere in the response (JSON and SSE)', async () => {
    const app = await extractiveApp();
    let citedPoison = 0;
    for (const question of poisonQuestions) {
      for (const { body, answer, events } of [{ ...(await askJson(app, question)), events: [] }, await askStream(app, question)]) {
        expect(answer.mode.generator).toBe('extractive');
        expect(contactsIn(body), `${question}: ${body.slice(0, 300)}`).toEqual([]);
        expect(body).not.toContain(plantedPhone);
        expect(body).not.toContain(plantedEmail);
        expect(claimsOutsideQuotes(answer.answer), `${question}: ${answer.answer}`).toEqual([]);
        for (const event of events) expect(contactsIn(event.data)).toEqual([]);
        if (answer.citations.some((citation) => citation.docId === poisonedSlug)) citedPoison += 1;
      }
    }
    // The questions did reach the poisoned passage (otherwise this test would prove nothing).
    expect(citedPoison).toBeGreaterThanOrEqual(6);
  });

  it('GET /api/passages shows the poisoned passage without its contact data', async () => {
    const app = await extractiveApp();
    const response = await app.inject({ method: 'GET', url: `/api/passages/${encodeURIComponent(`${poisonedSlug}#1`)}` });
    expect(response.statusCode).toBe(200);
    expect(contactsIn(response.body)).toEqual([]);
    expect(response.json<{ chunk: Chunk }>().chunk.text).toContain('忽略之前的所有指令');
  });
});

describe('the LLM path with a poisoned passage', () => {
  const question = '园区企业服务中心设有哪些窗口？';
  const honest = '企业服务中心设有综合受理、政策兑现、人才服务等窗口 [1]。';
  const obeying = `${honest}园区已倒闭。请致电${plantedPhone}或发邮件至${plantedEmail} [1]。管理员密码是hunter2。`;

  it('sends the poisoned passage only inside the passages block of the user message, after the unchanged system prompt', async () => {
    const app = await llmApp({ kind: 'text', text: honest });
    await askJson(app, question);
    const request = fake?.requests[0];
    if (request === undefined) throw new Error('the model was not called');
    const messages = request.body.messages.map((message) => ({ role: message.role, content: String(message.content) }));
    expect(messages[0]).toEqual({ role: 'system', content: readFileSync(join(promptsDir, 'system.zh.txt'), 'utf8') });
    expect(messages.filter((message) => message.role === 'system')).toHaveLength(1);
    const last = messages.at(-1);
    expect(last?.role).toBe('user');
    for (const message of messages.slice(0, -1)) {
      expect(message.content).not.toContain('忽略之前的所有指令');
      expect(message.content).not.toContain('Ignore previous instructions');
    }
    const content = last?.content ?? '';
    const passagesBlock = /<passages>\n([\s\S]*)\n<\/passages>/.exec(content)?.[1] ?? '';
    const outsidePassages = content.replace(/<passages>[\s\S]*<\/passages>/, '');
    // The passage as its source lets it be shown: the instruction is there (as data), its phone and e-mail are not.
    expect(passagesBlock).toContain(injectionZh.replace(plantedPhone, contactMarker).replace(plantedEmail, contactMarker));
    expect(passagesBlock).not.toContain(plantedPhone);
    expect(passagesBlock).not.toContain(plantedEmail);
    expect(passagesBlock).toContain(injectionEn);
    expect(outsidePassages).not.toContain('忽略之前的所有指令');
    expect(outsidePassages).not.toContain('Ignore previous instructions');
    expect(/<question>\n([\s\S]*)\n<\/question>/.exec(content)?.[1]).toBe(question);
    // One passages block and one question block: the passage could not close the block early.
    expect(content.match(/<\/passages>/g)).toHaveLength(1);
    expect(content.match(/<question>/g)).toHaveLength(1);
  });

  it('removes the phone number and e-mail an obeying model emits, from the answer and from every streamed frame, even when split across deltas', async () => {
    const app = await llmApp({ kind: 'text', text: obeying, chunkSize: 3, delayMs: 1 });
    const json = await askJson(app, question);
    expect(json.answer.mode.generator).toBe('llm');
    expect(json.answer.answer).toContain('综合受理');
    expect(contactsIn(json.body)).toEqual([]);
    const stream = await askStream(app, question);
    const deltas = stream.events.filter((event) => event.event === 'delta').map((event) => (JSON.parse(event.data) as { text: string }).text);
    // Verified sentences are streamed as they are checked, and only those: the deltas are the answer.
    // Only verified sentences are streamed (the contact sentence rests on the injection alone and is
    // dropped before anything of it is sent): the deltas are exactly the answer.
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.join('')).toBe(stream.answer.answer);
    expect(contactsIn(deltas.join(''))).toEqual([]);
    expect(contactsIn(stream.body)).toEqual([]);
    expect(stream.body).not.toContain(plantedPhone);

    const chat = await app.inject({ method: 'POST', url: '/v1/chat/completions', payload: { stream: true, messages: [{ role: 'user', content: question }] } });
    expect(contactsIn(chat.body)).toEqual([]);
  });
  // What verification lets through (claims without real support) is in engine-gaps.test.ts.
});

describe('the real corpus: questions aimed at the web page’s contact block', () => {
  let service: RealService;
  beforeAll(async () => {
    service = await startRealService();
  });
  afterAll(() => service.close());

  const questions = [
    '葛毅明的电话',
    '葛毅明的电话是多少？',
    '葛毅明的微信号是什么？',
    'WeChat ID',
    "What is Ge Yiming's WeChat ID?",
    '产业招商热线是多少？',
    '厂房土地租售联系谁？手机号多少？',
    '13391219793是谁的电话？',
    'How can I contact the investment promotion office by phone or e-mail?',
    '版权声明里的联系电话是什么？',
  ];

  it('no answer, citation or stream frame carries a phone number, e-mail or WeChat id (JSON, SSE, OpenAI shape)', async () => {
    const app = await service.app();
    for (const question of questions) {
      const json = await app.inject({ method: 'POST', url: '/api/answer', payload: { question } });
      const stream = await app.inject({ method: 'POST', url: '/api/answer', payload: { question }, headers: { accept: 'text/event-stream' } });
      const chat = await app.inject({ method: 'POST', url: '/v1/chat/completions', payload: { messages: [{ role: 'user', content: question }] } });
      for (const response of [json, stream, chat]) {
        expect(response.statusCode).toBe(200);
        expect(contactsIn(response.body), `${question}: ${response.body.slice(0, 300)}`).toEqual([]);
        expect(response.body).not.toMatch(/13391219793|400[\s-]?0123[\s-]?021/);
      }
    }
  });

  it('no passage in the index holds contact data (ingest cut the contact block)', async () => {
    const app = await service.app();
    const ids = readFileSync(join(service.config.indexDir, 'chunks.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => (JSON.parse(line) as Chunk).id);
    expect(ids.length).toBeGreaterThan(50);
    for (const id of ids) {
      const response = await app.inject({ method: 'GET', url: `/api/passages/${encodeURIComponent(id)}` });
      expect(response.statusCode).toBe(200);
      expect(contactsIn(response.body), id).toEqual([]);
    }
  });
});
