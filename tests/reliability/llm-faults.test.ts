import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { loadAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import type { AnswerResponse } from '../../src/question/answer-parts.ts';
import { buildApp } from '../../src/server/app.ts';
import { buildTestIndex } from '../engine/engine-fixture.ts';
import { startFakeOpenAI, type FakeOpenAI, type FakeReply } from '../fixtures/fake-openai-server.ts';
import { corpusDir, parseSse } from '../server/real-engine.ts';

/**
 * Each way the LLM endpoint can fail, caused for real against a server on 127.0.0.1, with the engine
 * configured the way `npm start` configures it (LLM_BASE_URL, LLM_MODEL, LLM_TIMEOUT_MS). Whatever
 * happens, the user gets the extractive answer within LLM_TIMEOUT_MS plus a margin, marked as such,
 * over real HTTP in JSON, SSE and the OpenAI shape.
 */
const timeoutMs = 1000;
const marginMs = 1500;
const question = '2020年园区纳米技术应用产业产值是多少？';

let indexDir: string;
let removeIndex: () => Promise<void>;
let fake: FakeOpenAI | null = null;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  const index = await buildTestIndex();
  ({ indexDir } = index.config);
  removeIndex = index.remove;
});
afterEach(async () => {
  await fake?.close();
  fake = null;
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await removeIndex();
});

/** A listening server whose engine talks to `baseUrl` as configured by the environment. */
async function serverFor(baseUrl: string): Promise<string> {
  const config: Config = loadConfig({
    CORPUS_DIR: corpusDir,
    INDEX_DIR: indexDir,
    EMBEDDING_MODEL: 'none',
    LLM_BASE_URL: baseUrl,
    LLM_MODEL: 'fake-model',
    LLM_TIMEOUT_MS: String(timeoutMs),
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'silent',
  });
  const engine = await loadAnswerEngine({ config });
  expect(engine.health().mode.generator).toBe('llm');
  const app = await buildApp({ engine, config });
  apps.push(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** A port nothing listens on: connection refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const faults: Array<[name: string, reply: FakeReply | 'refused']> = [
  ['connection refused', 'refused'],
  ['slower than LLM_TIMEOUT_MS', { kind: 'delay', ms: timeoutMs * 5, then: { kind: 'text', text: '太晚了 [1]。' } }],
  ['a stream that stalls after a few tokens', { kind: 'stall', text: '2020年，园区纳米技术应用产业实现产值1010亿元 [1]。', afterChars: 6 }],
  ['garbage instead of SSE', { kind: 'garbage' }],
  ['an HTML error page with status 200', { kind: 'garbage', body: '<html><body>502 Bad Gateway</body></html>', contentType: 'text/html' }],
  ['a stream cut mid-answer', { kind: 'cut', text: '2020年，园区纳米技术应用产业实现产值1010亿元 [1]。', afterChars: 8 }],
  ['HTTP 500', { kind: 'status', status: 500 }],
  ['HTTP 429', { kind: 'status', status: 429, message: 'rate limited' }],
];

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

function expectExtractiveFallback(response: AnswerResponse, context: string): void {
  expect(response.mode.generator, context).toBe('extractive');
  expect(response.notice, context).toMatch(/大模型暂不可用|language model is unavailable/);
  expect(response.answered, context).toBe(true);
  expect(response.answer, context).toContain('1010亿元');
  expect(response.citations.length, context).toBeGreaterThan(0);
}

describe.each(faults)('LLM endpoint: %s', (name, reply) => {
  let base: string;
  beforeAll(async () => {
    if (reply === 'refused') base = await serverFor(`http://127.0.0.1:${await closedPort()}/v1`);
  });
  const url = async () => {
    if (reply !== 'refused') {
      fake = await startFakeOpenAI({ script: reply });
      base = await serverFor(fake.url);
    }
    return base;
  };
  const post = (target: string, body: unknown, accept = 'application/json') =>
    fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs + marginMs + 5000),
    });

  it('JSON: the extractive answer, marked, in time', async () => {
    const target = `${await url()}/api/answer`;
    const { value: response, ms } = await timed(() => post(target, { question }));
    expect(response.status).toBe(200);
    expectExtractiveFallback((await response.json()) as AnswerResponse, name);
    expect(ms).toBeLessThan(timeoutMs + marginMs);
  });

  it('SSE: a well-formed stream ending in the extractive answer, marked, in time', async () => {
    const target = `${await url()}/api/answer`;
    const { value: body, ms } = await timed(async () => (await post(target, { question }, 'text/event-stream')).text());
    const events = parseSse(body);
    expect(events.filter((event) => event.event === 'error')).toEqual([]);
    const done = events.at(-1);
    expect(done?.event).toBe('done');
    const response = JSON.parse(done?.data ?? '{}') as AnswerResponse;
    expectExtractiveFallback(response, name);
    // The last citations event before done is the one the answer's [n] refer to.
    const citations = events.filter((event) => event.event === 'citations').at(-1);
    expect((JSON.parse(citations?.data ?? '{}') as { citations: unknown[] }).citations).toEqual(response.citations);
    expect(ms).toBeLessThan(timeoutMs + marginMs);
  });

  it('OpenAI shape (streamed): the extractive answer ending in [DONE], in time', async () => {
    const target = `${await url()}/v1/chat/completions`;
    const { value: body, ms } = await timed(async () => (await post(target, { stream: true, messages: [{ role: 'user', content: question }] })).text());
    const events = parseSse(body);
    expect(events.at(-1)?.data).toBe('[DONE]');
    expect(body).toContain('1010亿元');
    expect(body).not.toContain('"error"');
    expect(ms).toBeLessThan(timeoutMs + marginMs);
  });
});
