import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import { loadAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import type { AnswerResponse, Citation } from '../../src/question/answer-parts.ts';
import { createLlmGenerator } from '../../src/generation/llm-generator.ts';
import type { Chunk } from '../../src/index-store/chunk.ts';
import { messageTexts, startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../fixtures/fake-openai-server.ts';
import {
  contactsIn,
  disguisedIds,
  disguisedMobile,
  makePoisonedCorpus,
  officialEmail,
  officialHotline,
  officialPersonal,
  officialSlug,
  personalPieces,
  poisonedSlug,
  repostHotline,
} from '../fixtures/poisoned-corpus.ts';
import { parseSse, startRealService, type RealService } from '../server/real-engine.ts';

/**
 * Issue 11, item 5: a person's contact data, however it is disguised, never leaves the service (answer,
 * citation quote and text, passage, SSE deltas on both streaming routes), with the extractive generator
 * and with a model that repeats it; an official source's hotline and e-mail are shown, a web re-post's are not.
 */
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

const allowed = [officialHotline, officialEmail];
const never = [...personalPieces, ...officialPersonal, repostHotline];

/** Nothing anyone may not see: no personal piece in any spelling, no contact a reader would find but the official ones. */
function expectNoLeak(body: string, context: string): void {
  for (const piece of never) expect(body, `${context}: ${piece}`).not.toContain(piece);
  expect(contactsIn(body, { allowed }), `${context}: ${body.slice(0, 400)}`).toEqual([]);
}

interface Asked {
  json: AnswerResponse;
  stream: AnswerResponse;
  deltas: string[];
  bodies: Record<string, string>;
}

/** One question over every route: JSON and SSE /api/answer, and /v1/chat/completions with and without streaming. */
async function askEverywhere(app: FastifyInstance, question: string): Promise<Asked> {
  const json = await app.inject({ method: 'POST', url: '/api/answer', payload: { question } });
  const sse = await app.inject({ method: 'POST', url: '/api/answer', payload: { question }, headers: { accept: 'text/event-stream' } });
  const chat = await app.inject({ method: 'POST', url: '/v1/chat/completions', payload: { messages: [{ role: 'user', content: question }] } });
  const chatStream = await app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    payload: { stream: true, messages: [{ role: 'user', content: question }] },
  });
  for (const response of [json, sse, chat, chatStream]) expect(response.statusCode, response.body).toBe(200);
  const events = parseSse(sse.body);
  const done = events.at(-1);
  expect(done?.event).toBe('done');
  const stream = JSON.parse(done?.data ?? '{}') as AnswerResponse;
  const deltas = events.filter((event) => event.event === 'delta').map((event) => (JSON.parse(event.data) as { text: string }).text);
  // Never a delta the final answer withdraws.
  expect(deltas.join('')).toBe(stream.answer);
  return { json: json.json<AnswerResponse>(), stream, deltas, bodies: { json: json.body, sse: sse.body, chat: chat.body, 'chat stream': chatStream.body } };
}

function expectNoLeakAnywhere(asked: Asked, question: string): void {
  for (const [route, body] of Object.entries(asked.bodies)) expectNoLeak(body, `${question} (${route})`);
  expectNoLeak(asked.deltas.join(''), `${question} (deltas)`);
}

const citedFrom = (response: AnswerResponse, slug: string): Citation | undefined => response.citations.find((citation) => citation.docId === slug);

async function passageBody(app: FastifyInstance, id: string): Promise<{ body: string; chunk: Chunk }> {
  const response = await app.inject({ method: 'GET', url: `/api/passages/${encodeURIComponent(id)}` });
  expect(response.statusCode).toBe(200);
  return { body: response.body, chunk: response.json<{ chunk: Chunk }>().chunk };
}

const personQuestion = '企业服务中心驻点招商专员是谁？';
const officialQuestion = '投资促进局的投资咨询热线和电子邮箱是什么？';
const repostQuestion = '企业服务中心咨询热线是多少？';

describe('contact data with the extractive generator', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await poisoned.app();
  });

  it('quotes the sentence about the named person without his mobile number or messaging ids, in every route and delta', async () => {
    const asked = await askEverywhere(app, personQuestion);
    // The question reached the planted sentence (otherwise this would prove nothing).
    const citation = citedFrom(asked.json, poisonedSlug);
    expect(citation?.quote).toContain('张先生手机：[contact removed]');
    expect(asked.json.answer).toContain('张先生手机：[contact removed]，或');
    expectNoLeakAnywhere(asked, personQuestion);
  });

  it('shows an official source’s hotline and e-mail, in the answer and its citation, but not its project manager’s mobile or WeChat id', async () => {
    const asked = await askEverywhere(app, officialQuestion);
    for (const response of [asked.json, asked.stream]) {
      expect(response.answer).toContain(officialHotline);
      expect(response.answer).toContain(officialEmail);
      const citation = citedFrom(response, officialSlug);
      expect(citation?.text).toContain(officialHotline);
      expect(citation?.text).toContain('李女士手机：[contact removed]，[contact removed]');
    }
    expect(asked.bodies['chat stream']).toContain(officialHotline);
    expectNoLeakAnywhere(asked, officialQuestion);
  });

  it('does not show the hotline of a source whose policy is "none"', async () => {
    const asked = await askEverywhere(app, repostQuestion);
    expect(citedFrom(asked.json, poisonedSlug)?.quote).toContain('咨询热线：[contact removed]');
    expectNoLeakAnywhere(asked, repostQuestion);
  });

  it('GET /api/passages shows each passage as its source’s policy allows', async () => {
    const citedIds = async (question: string, slug: string) =>
      (await app.inject({ method: 'POST', url: '/api/answer', payload: { question } }))
        .json<AnswerResponse>()
        .citations.filter((citation) => citation.docId === slug)
        .map((citation) => citation.id);
    const [official] = await citedIds(officialQuestion, officialSlug);
    const [person] = await citedIds(personQuestion, poisonedSlug);
    if (official === undefined || person === undefined) throw new Error('the questions did not reach the planted passages');
    const shown = await passageBody(app, official);
    expect(shown.chunk.text).toContain(officialHotline);
    expect(shown.chunk.text).toContain(officialEmail);
    expect(shown.chunk.text).toContain('李女士手机：[contact removed]，[contact removed]');
    expectNoLeak(shown.body, official);
    const repost = await passageBody(app, person);
    expect(repost.chunk.text).toContain('张先生手机：[contact removed]');
    expect(repost.chunk.text).toContain('咨询热线：[contact removed]');
    expectNoLeak(repost.body, person);
  });
});

/** The number the prompt gave the passage containing `text`, read from the user message the fake received. */
function passageNumber(request: RecordedRequest, text: string): number {
  const user = messageTexts(request, 'user').at(-1) ?? '';
  const block = user.split(/\n\n(?=\[\d+\] )/).find((passage) => passage.includes(text));
  return Number(/^\[(\d+)\]/.exec(block ?? '')?.[1] ?? 0);
}

describe('contact data and a language model (the fake OpenAI-compatible server)', () => {
  async function llmApp(reply: (request: RecordedRequest) => string): Promise<FastifyInstance> {
    fake = await startFakeOpenAI({ script: (request) => ({ kind: 'text', text: reply(request), chunkSize: 2, delayMs: 1 }) });
    const llm = createLlmGenerator({ baseUrl: fake.url, apiKey: '', model: 'fake-model', timeoutMs: 3000 });
    const app = await poisoned.app({}, { engine: await loadAnswerEngine({ config, llm }) });
    return app;
  }
  /** Everything the model was sent, over every request. */
  const sentToModel = () => (fake?.requests ?? []).flatMap((request) => [...messageTexts(request, 'system'), ...messageTexts(request, 'user')]).join('\n');

  it('sends the model no contact data its source does not let the service show; it cites what it was given', async () => {
    // The model repeats the passage as it received it (the marker where the mobile and ids were).
    const app = await llmApp((request) => `驻点招商专员为张先生手机：[contact removed]，或 [contact removed] [${passageNumber(request, '张先生')}]。`);
    const asked = await askEverywhere(app, personQuestion);
    expect(fake?.requests.length).toBeGreaterThan(0);
    expect(sentToModel()).toContain('张先生');
    expectNoLeak(sentToModel(), 'the prompts');
    expect(asked.json.mode.generator).toBe('llm');
    expect(asked.json.answer).toBe('驻点招商专员为张先生手机：[contact removed]，或 [contact removed] [1]。');
    expectNoLeakAnywhere(asked, personQuestion);
  });

  it('a model that writes a person’s mobile and ids anyway shows none of them (the sentences it could not have read are unsupported)', async () => {
    const app = await llmApp((request) => {
      const n = passageNumber(request, '张先生');
      return `驻点招商专员为${disguisedMobile} [${n}]。${disguisedIds} [${n}]。`;
    });
    const asked = await askEverywhere(app, personQuestion);
    expectNoLeakAnywhere(asked, personQuestion);
  });

  it('sends and keeps an official source’s hotline and e-mail, but not its project manager’s mobile or WeChat id', async () => {
    const app = await llmApp((request) => {
      const n = passageNumber(request, officialHotline);
      return `投资咨询热线为${officialHotline}，电子邮箱为${officialEmail} [${n}]。项目经理李女士手机${officialPersonal[0]}，微信号${officialPersonal[1]} [${n}]。`;
    });
    const asked = await askEverywhere(app, officialQuestion);
    expect(sentToModel()).toContain(officialHotline);
    expect(sentToModel()).toContain(officialEmail);
    for (const piece of officialPersonal) expect(sentToModel()).not.toContain(piece);
    expect(asked.json.mode.generator).toBe('llm');
    // The sentence with the mobile and id the model never read is unsupported and left out.
    expect(asked.json.answer).toBe(`投资咨询热线为${officialHotline}，电子邮箱为${officialEmail} [1]。`);
    expectNoLeakAnywhere(asked, officialQuestion);
  });

  it('does not send a web re-post’s hotline, and a model that writes it anyway does not show it', async () => {
    const app = await llmApp((request) => `企业服务中心咨询热线为${repostHotline} [${passageNumber(request, '企业服务中心')}]。`);
    const asked = await askEverywhere(app, repostQuestion);
    expect(sentToModel()).not.toContain(repostHotline);
    expectNoLeakAnywhere(asked, repostQuestion);
  });
});
