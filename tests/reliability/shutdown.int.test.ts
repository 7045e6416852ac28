import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerResponse } from '../../src/question/answer-parts.ts';
import { buildIndex } from '../../src/ingest/build-index.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fixtures/fake-openai-server.ts';
import { isRunning, startServerProcess, type ServerProcess, type StartOptions } from '../fixtures/server-process.ts';
import { corpusDir, parseSse } from '../server/real-engine.ts';

/**
 * SIGTERM to the server while answers are being written: a JSON answer, an SSE answer and an
 * OpenAI-shape stream, all waiting on a slow LLM, while a burst of other requests keeps the event loop
 * busy. The three finish, then the process exits 0 — run directly, and as the real `npm start`, stopped
 * with `kill` (SIGTERM to npm) or Ctrl-C (SIGINT to npm and the server at once, as a terminal sends it).
 * (server-entry.int.test.ts covers SIGTERM with nothing in flight.)
 */
const question = '2020年园区纳米技术应用产业产值是多少？';
const answerText = '2020年，园区纳米技术应用产业实现产值1010亿元，增长25% [1]。';
/** Its LLM answer takes 20 s. */
const slowQuestion = '2020年园区生物医药产业产值是多少？';
/** ~20 ms of retrieval each: a burst of these keeps the server busy when the signal lands. */
const heavyQuestion = 'What was the output value of biomedicine nanotechnology artificial intelligence industry companies park innovation research 2020 2021 '
  .repeat(8)
  .slice(0, 1000);

let dir: string;
let fake: FakeOpenAI;
let server: ServerProcess | undefined;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sip-shutdown-'));
  await buildIndex({ corpusDir, indexDir: join(dir, 'index'), embedding: { enabled: false, model: 'none', cacheDir: dir, allowRemote: false } });
  // About 1.5 s per answer: long enough to be mid-answer when the signal arrives. The slow question
  // waits 20 s, for a second Ctrl-C while it is still open.
  const answer = { kind: 'text', text: answerText, chunkSize: 2, delayMs: 80 } as const;
  fake = await startFakeOpenAI({
    script: (request) => (JSON.stringify(request.body.messages).includes(slowQuestion) ? { kind: 'delay', ms: 20_000, then: answer } : answer),
  });
});
afterEach(() => server?.kill());
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

type Outcome = { status: number; body: string } | { error: string };

/** How the server is stopped: SIGTERM to the process started, or Ctrl-C in a terminal (SIGINT to its process group). */
type Stop = 'SIGTERM' | 'Ctrl-C';

async function stopWhileAnswering(launcher: NonNullable<StartOptions['launcher']>, stop: Stop = 'SIGTERM'): Promise<void> {
  const asked = fake.requests.length;
  server = startServerProcess(
    // 3 answers and a burst of 12 may all be in flight: room for them all (503 SERVER_BUSY is tested elsewhere).
    {
      CORPUS_DIR: corpusDir,
      INDEX_DIR: join(dir, 'index'),
      FEEDBACK_FILE: join(dir, 'feedback.jsonl'),
      LLM_BASE_URL: fake.url,
      LLM_MODEL: 'fake-model',
      LLM_TIMEOUT_MS: '15000',
      LLM_MAX_CONCURRENT: '32',
    },
    { launcher },
  );
  const base = `http://127.0.0.1:${await server.port}`;
  const serverPid = await server.serverPid;
  const finished: Record<string, number> = {};
  const post = (path: string, body: unknown, accept: string, name: string): Promise<Outcome> =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    })
      .then(async (response) => ({ status: response.status, body: await response.text() }))
      .catch((error: unknown) => ({ error: String((error as Error & { cause?: Error }).cause?.message ?? error) }))
      .finally(() => {
        finished[name] = performance.now();
      });

  const json = post('/api/answer', { question }, 'application/json', 'json');
  const stream = post('/api/answer', { question }, 'text/event-stream', 'stream');
  const chat = post('/v1/chat/completions', { stream: true, messages: [{ role: 'user', content: question }] }, 'text/event-stream', 'chat');
  // All three are waiting on the model when the signal arrives.
  await expect.poll(() => fake.requests.length - asked, { timeout: 10_000, interval: 20 }).toBe(3);
  const burst = Array.from({ length: 12 }, (_, index) => post('/api/answer', { question: heavyQuestion }, 'application/json', `burst-${index}`));
  await new Promise((resolve) => setTimeout(resolve, 15));
  if (stop === 'SIGTERM') server.signal('SIGTERM');
  else server.signalGroup('SIGINT');
  const signalled = performance.now();

  const jsonResult = await json;
  expect(jsonResult, JSON.stringify(jsonResult).slice(0, 300)).toMatchObject({ status: 200 });
  if ('body' in jsonResult) expect(JSON.parse(jsonResult.body)).toMatchObject({ mode: { generator: 'llm' }, answered: true });

  const streamResult = await stream;
  expect(streamResult).toMatchObject({ status: 200 });
  const events = 'body' in streamResult ? parseSse(streamResult.body) : [];
  expect(events.at(-1)?.event).toBe('done');
  expect((JSON.parse(events.at(-1)?.data ?? '{}') as AnswerResponse).mode.generator).toBe('llm');

  const chatResult = await chat;
  expect(chatResult).toMatchObject({ status: 200 });
  if ('body' in chatResult) {
    expect(parseSse(chatResult.body).at(-1)?.data).toBe('[DONE]');
    expect(chatResult.body).toContain('1010亿元');
  }

  // Requests racing the signal are answered or, if not yet read when the listener closed, reset: never a 5xx.
  for (const outcome of await Promise.all(burst)) if ('status' in outcome) expect(outcome.status).toBe(200);

  const code = await server.exit;
  const exited = performance.now();
  expect(code).toBe(0);
  // The answers really were in flight: they ended after the signal, and the process only after them.
  for (const name of ['json', 'stream', 'chat']) {
    expect(finished[name]).toBeGreaterThan(signalled);
    expect(finished[name]).toBeLessThanOrEqual(exited);
  }
  expect(server.output()).toMatch(/shutting down: no new connections; waiting for in-flight requests/);
  // One Ctrl-C is one request to stop, though the server gets SIGINT from the terminal and again from npm.
  expect(server.output()).not.toMatch(/second signal/);
  // The server itself is gone (npm's child too, not only npm), and the port is free.
  await expect.poll(() => isRunning(serverPid), { timeout: 5000, interval: 50 }).toBe(false);
  await expect(fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
}

describe('stopping the server during in-flight answers on a busy server', () => {
  it('the server (node --import tsx src/server/server.ts) finishes the JSON answer and both streams on SIGTERM, then exits 0', async () => {
    await stopWhileAnswering('node');
  }, 60_000);

  it('`npm start` (the real command) stopped with SIGTERM to npm: npm passes it on, the server finishes the three answers, both exit 0', async () => {
    await stopWhileAnswering('npm', 'SIGTERM');
  }, 60_000);

  it('`npm start` stopped with Ctrl-C (SIGINT to npm and the server together): one graceful shutdown, both exit 0', async () => {
    await stopWhileAnswering('npm', 'Ctrl-C');
  }, 60_000);

  it('a second Ctrl-C a while after the first still exits at once, without waiting for the open answer', async () => {
    const asked = fake.requests.length;
    server = startServerProcess(
      {
        CORPUS_DIR: corpusDir,
        INDEX_DIR: join(dir, 'index'),
        FEEDBACK_FILE: join(dir, 'feedback.jsonl'),
        LLM_BASE_URL: fake.url,
        LLM_MODEL: 'fake-model',
        LLM_TIMEOUT_MS: '30000',
      },
      { launcher: 'npm' },
    );
    const base = `http://127.0.0.1:${await server.port}`;
    const serverPid = await server.serverPid;
    const slow = fetch(`${base}/api/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: slowQuestion }),
    }).then(
      (response) => response.status,
      () => 'cut',
    );
    await expect.poll(() => fake.requests.length - asked, { timeout: 10_000, interval: 20 }).toBe(1);
    server.signalGroup('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(isRunning(serverPid)).toBe(true);
    server.signalGroup('SIGINT');
    const started = performance.now();
    expect(await server.exit).toBe(1);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await slow).toBe('cut');
    expect(server.output()).toMatch(/second signal: exiting without waiting/);
    await expect.poll(() => isRunning(serverPid), { timeout: 5000, interval: 50 }).toBe(false);
  }, 60_000);
});
