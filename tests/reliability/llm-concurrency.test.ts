import type { AddressInfo } from 'node:net';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { loadAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import type { AnswerResponse } from '../../src/question/answer-parts.ts';
import { buildApp } from '../../src/server/app.ts';
import { buildTestIndex } from '../engine/engine-fixture.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fixtures/fake-openai-server.ts';
import { parseSse } from '../server/real-engine.ts';
import { expectErrorShape } from './http-checks.ts';

/**
 * One limit on requests holding an LLM call in a server, whatever the route and whether the answer is
 * JSON or streamed: an OpenAI-compatible server on 127.0.0.1 holds every call until the test lets it go.
 */
const question = '2020年园区纳米技术应用产业产值是多少？';
const llmAnswer = '2020年，园区纳米技术应用产业实现产值1010亿元 [1]。';

let indexConfig: Config;
let removeIndex: () => Promise<void>;
let fake: FakeOpenAI;
/** Resolving it lets every held LLM call answer; each test starts with a closed one. */
let openGate: () => void = () => {};
const closedGate = () =>
  new Promise<void>((resolve) => {
    openGate = resolve;
  });
let gate = closedGate();
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  const index = await buildTestIndex();
  indexConfig = index.config;
  removeIndex = index.remove;
  fake = await startFakeOpenAI({ script: () => ({ kind: 'gate', open: gate, then: { kind: 'text', text: llmAnswer } }) });
});
afterEach(() => {
  openGate();
  gate = closedGate();
  fake.requests.length = 0;
});
afterAll(async () => {
  openGate();
  await Promise.all(apps.map((app) => app.close()));
  await fake.close();
  await removeIndex();
});

async function llmApp(environment: Record<string, string>): Promise<FastifyInstance> {
  const config = loadConfig({
    CORPUS_DIR: indexConfig.CORPUS_DIR,
    INDEX_DIR: indexConfig.INDEX_DIR,
    EMBEDDING_MODEL: 'none',
    // Long enough that no held call falls back to the extractive answer while the test looks.
    LLM_TIMEOUT_MS: '60000',
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'silent',
    ...environment,
  });
  const engine = await loadAnswerEngine({ config });
  const app = await buildApp({ engine, config });
  apps.push(app);
  return app;
}

const requests: Record<string, InjectOptions> = {
  'answer JSON': { method: 'POST', url: '/api/answer', payload: { question } },
  'answer SSE': { method: 'POST', url: '/api/answer', payload: { question }, headers: { accept: 'text/event-stream' } },
  'chat completion': { method: 'POST', url: '/v1/chat/completions', payload: { messages: [{ role: 'user', content: question }] } },
  'chat completion stream': { method: 'POST', url: '/v1/chat/completions', payload: { stream: true, messages: [{ role: 'user', content: question }] } },
};

describe('concurrent LLM-bound requests (LLM_MAX_CONCURRENT)', () => {
  it('are held to the limit across JSON and streams on both routes; the rest get 503 SERVER_BUSY with retry-after, and no LLM call', async () => {
    const app = await llmApp({ LLM_BASE_URL: fake.url, LLM_MODEL: 'fake-model', LLM_MAX_CONCURRENT: '2' });
    // A JSON answer and a streamed chat completion, each holding an LLM call.
    const heldJson = app.inject(requests['answer JSON'] as InjectOptions);
    const heldStream = app.inject(requests['chat completion stream'] as InjectOptions);
    await expect.poll(() => fake.requests.length, { timeout: 10_000 }).toBe(2);

    for (const [name, request] of Object.entries(requests)) {
      // Without the limit these would wait for an LLM call of their own (held until the test ends).
      const refused = await Promise.race([
        app.inject(request),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${name} was not refused: it is waiting for the LLM`)), 3000)),
      ]);
      expect(refused.statusCode, name).toBe(503);
      expectErrorShape(refused, name);
      expect(refused.json(), name).toMatchObject({ code: 'SERVER_BUSY', message: expect.stringContaining('retry in 5 s') });
      expect(refused.headers['retry-after'], name).toBe('5');
    }
    expect(fake.requests.length).toBe(2);
    expect(app.llmLimiter.active()).toBe(2);
    // A refused stream gives its per-client stream slot back too.
    expect(app.streamLimiter.openStreams('127.0.0.1')).toBe(1);

    openGate();
    const json = await heldJson;
    expect(json.statusCode).toBe(200);
    expect(json.json<AnswerResponse>().mode.generator).toBe('llm');
    expect((await heldStream).body).toContain('1010亿元');
    expect(parseSse((await heldStream).body).at(-1)?.data).toBe('[DONE]');
    await expect.poll(() => app.llmLimiter.active(), { timeout: 2000 }).toBe(0);
    // Slots free again: the next requests are answered.
    for (const request of [requests['answer SSE'], requests['chat completion']] as InjectOptions[]) expect((await app.inject(request)).statusCode).toBe(200);
  });

  it('gives a slot back when its client disconnects mid-call (real HTTP)', async () => {
    const app = await llmApp({ LLM_BASE_URL: fake.url, LLM_MODEL: 'fake-model', LLM_MAX_CONCURRENT: '1' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    for (const accept of ['application/json', 'text/event-stream']) {
      const controller = new AbortController();
      const held = fetch(`${base}/api/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ question }),
        signal: controller.signal,
      });
      await expect.poll(() => app.llmLimiter.active(), { timeout: 10_000 }).toBe(1);
      const busy = await fetch(`${base}/api/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
      expect(busy.status, accept).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('5');
      controller.abort();
      await held.catch(() => undefined);
      await expect.poll(() => app.llmLimiter.active(), { timeout: 5000 }).toBe(0);
    }
  });

  it('does not limit extractive answers (no LLM configured): they take a millisecond of CPU each', async () => {
    const app = await llmApp({ LLM_MAX_CONCURRENT: '1' });
    expect(app.llmLimiter.max).toBe(Infinity);
    const responses = await Promise.all(Array.from({ length: 8 }, () => app.inject(requests['answer JSON'] as InjectOptions)));
    expect(responses.map((response) => response.statusCode)).toEqual(Array.from({ length: 8 }, () => 200));
  });

  it('reads LLM_MAX_CONCURRENT from the environment (default 8) and names it when wrong', () => {
    expect(loadConfig({}).LLM_MAX_CONCURRENT).toBe(8);
    expect(loadConfig({ LLM_MAX_CONCURRENT: '32' }).LLM_MAX_CONCURRENT).toBe(32);
    for (const bad of ['0', '-1', 'lots', '1.5']) expect(() => loadConfig({ LLM_MAX_CONCURRENT: bad })).toThrow(/LLM_MAX_CONCURRENT/);
  });
});
