import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { RagError } from '../../src/errors.ts';
import type { AnswerEngine } from '../../src/question/answer-parts.ts';
import { buildApp } from '../../src/server/app.ts';
import { parseSse, startRealService, type RealService } from '../server/real-engine.ts';
import { expectErrorShape, leaks } from './http-checks.ts';

const partner = 'https://partner.example.com';
const question = { question: '2020年园区三大新兴产业企业总计多少家？' };

let service: RealService;
const ownApps: FastifyInstance[] = [];
beforeAll(async () => {
  service = await startRealService();
});
afterAll(async () => {
  await Promise.all(ownApps.map((app) => app.close()));
  await service.close();
});

const ask = (app: FastifyInstance, extra: Partial<InjectOptions> = {}) => app.inject({ method: 'POST', url: '/api/answer', payload: question, ...extra });

/** An app whose log lines are collected, to check what operators see against what clients see. */
async function loggedApp(
  overrides: Partial<Config> = {},
  engine: AnswerEngine = service.engine,
): Promise<{ app: FastifyInstance; lines: () => Array<Record<string, unknown>> }> {
  const written: string[] = [];
  const app = await buildApp({
    engine,
    config: { ...service.config, ...overrides },
    logger: { level: 'info', stream: { write: (line: string) => written.push(line) } },
  });
  ownApps.push(app);
  return { app, lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('per-client rate limiting', () => {
  it('gives each client address its own budget, answering 429 RATE_LIMITED with retry-after to the one that spent it', async () => {
    const app = await service.app({ RATE_LIMIT_PER_MINUTE: 2 });
    for (let index = 0; index < 2; index += 1) expect((await ask(app, { remoteAddress: '198.51.100.1' })).statusCode).toBe(200);
    const limited = await ask(app, { remoteAddress: '198.51.100.1' });
    expect(limited.statusCode).toBe(429);
    expectErrorShape(limited);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await ask(app, { remoteAddress: '198.51.100.2' })).statusCode).toBe(200);
  });

  it('counts failed API-key attempts too, so keys cannot be guessed at full speed', async () => {
    const app = await service.app({ RATE_LIMIT_PER_MINUTE: 3, API_KEYS: ['right-key'] });
    const statuses: number[] = [];
    for (let index = 0; index < 5; index += 1) statuses.push((await ask(app, { headers: { authorization: `Bearer guess-${index}` } })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('refuses a limited client before reading its body', async () => {
    const app = await service.app({ RATE_LIMIT_PER_MINUTE: 1 });
    await ask(app);
    const huge = await app.inject({
      method: 'POST',
      url: '/api/answer',
      headers: { 'content-type': 'application/json' },
      body: `{"question":"${'x'.repeat(100_000)}"}`,
    });
    expect(huge.statusCode).toBe(429);
  });
});

describe('TRUST_PROXY (rate and stream limits behind a reverse proxy)', () => {
  const proxy = '10.0.0.7';
  const viaProxy = (client: string): Partial<InjectOptions> => ({ remoteAddress: proxy, headers: { 'x-forwarded-for': client } });

  it('is off by default: X-Forwarded-For is ignored, so a client cannot pick a fresh address to escape its limit', async () => {
    expect(service.config.TRUST_PROXY).toBe(false);
    const app = await service.app({ RATE_LIMIT_PER_MINUTE: 2 });
    const statuses: number[] = [];
    for (const client of ['1.1.1.1', '2.2.2.2', '3.3.3.3'])
      statuses.push((await ask(app, { remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': client } })).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('without it, every user behind the proxy shares the proxy’s one budget (the problem it solves)', async () => {
    const app = await service.app({ RATE_LIMIT_PER_MINUTE: 2 });
    const statuses = [];
    for (const client of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) statuses.push((await ask(app, viaProxy(client))).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('with the proxy’s address listed, each forwarded client gets its own budget, and the log names the client', async () => {
    const { app, lines } = await loggedApp({ RATE_LIMIT_PER_MINUTE: 2, TRUST_PROXY: [proxy] });
    for (const client of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) expect((await ask(app, viaProxy(client))).statusCode).toBe(200);
    expect((await ask(app, viaProxy('1.1.1.1'))).statusCode).toBe(200);
    expect((await ask(app, viaProxy('1.1.1.1'))).statusCode).toBe(429);
    const addresses = lines().flatMap((line) => {
      const request = line['req'] as { remoteAddress?: string } | undefined;
      return request?.remoteAddress !== undefined ? [request.remoteAddress] : [];
    });
    expect(new Set(addresses)).toEqual(new Set(['1.1.1.1', '2.2.2.2', '3.3.3.3']));
  });

  it('with a list, a peer that is not a listed proxy is counted by its own address whatever it forwards', async () => {
    const app = await service.app({ RATE_LIMIT_PER_MINUTE: 2, TRUST_PROXY: [proxy] });
    const statuses = [];
    for (const client of ['1.1.1.1', '2.2.2.2', '3.3.3.3'])
      statuses.push((await ask(app, { remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': client } })).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('with true, every hop is trusted (for a port only the proxy can reach)', async () => {
    const app = await service.app({ RATE_LIMIT_PER_MINUTE: 1, TRUST_PROXY: true });
    for (const client of ['1.1.1.1', '2.2.2.2']) expect((await ask(app, viaProxy(client))).statusCode).toBe(200);
  });

  it('counts open streams per forwarded client, not per proxy', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const real = service.engine;
    const engine: AnswerEngine = {
      ...real,
      async *stream(request) {
        await gate;
        yield* real.stream(request);
      },
    };
    const app = await service.app({ TRUST_PROXY: [proxy] }, { engine, maxStreamsPerClient: 1 });
    const stream = (client: string) =>
      app.inject({
        method: 'POST',
        url: '/api/answer',
        payload: question,
        remoteAddress: proxy,
        headers: { 'x-forwarded-for': client, accept: 'text/event-stream' },
      });
    const first = stream('1.1.1.1');
    const second = stream('2.2.2.2');
    await expect.poll(() => app.streamLimiter.openStreams('2.2.2.2'), { timeout: 2000 }).toBe(1);
    const refused = await stream('1.1.1.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'TOO_MANY_STREAMS' });
    open();
    for (const response of [await first, await second]) expect(parseSse(response.body).at(-1)?.event).toBe('done');
  });

  it('is read from the environment and explained when wrong', () => {
    const read = (value: string) => loadConfig({ TRUST_PROXY: value }).TRUST_PROXY;
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(read('')).toBe(false);
    expect(read('false')).toBe(false);
    expect(read('true')).toBe(true);
    expect(read('127.0.0.1, 10.0.0.0/8,loopback,fd00::/8')).toEqual(['127.0.0.1', '10.0.0.0/8', 'loopback', 'fd00::/8']);
    for (const bad of ['1', 'yes', '10.0.0.0/33', 'proxy.internal'])
      expect(() => read(bad)).toThrow(/TRUST_PROXY: must be false, true, or a comma-separated list/);
  });
});

describe('concurrent streams per client', () => {
  it('share one budget across /api/answer and /v1/chat/completions, and free it when streams end', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const real = service.engine;
    const engine: AnswerEngine = {
      ...real,
      async *stream(request) {
        await gate;
        yield* real.stream(request);
      },
    };
    const app = await service.app({}, { engine, maxStreamsPerClient: 2 });
    const answerStream = app.inject({ method: 'POST', url: '/api/answer', payload: question, headers: { accept: 'text/event-stream' } });
    const chatStream = app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: { stream: true, messages: [{ role: 'user', content: question.question }] },
    });
    await expect.poll(() => app.streamLimiter.openStreams('127.0.0.1'), { timeout: 2000 }).toBe(2);
    for (const refused of [
      await app.inject({ method: 'POST', url: '/api/answer', payload: question, headers: { accept: 'text/event-stream' } }),
      await app.inject({ method: 'POST', url: '/v1/chat/completions', payload: { stream: true, messages: [{ role: 'user', content: '园区' }] } }),
    ]) {
      expect(refused.statusCode).toBe(429);
      expectErrorShape(refused);
    }
    // JSON answers hold no stream slot.
    open();
    expect((await ask(app)).statusCode).toBe(200);
    expect((await answerStream).statusCode).toBe(200);
    expect((await chatStream).body.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(app.streamLimiter.openStreams('127.0.0.1')).toBe(0);
  });
});

describe('API keys and the widget’s origin allow-list', () => {
  const keys = { API_KEYS: ['k-one'], ALLOWED_ORIGINS: [partner] };

  it('admits only the exact allow-listed origin: not "null", not another case, scheme or port', async () => {
    const app = await service.app(keys);
    for (const origin of [
      'null',
      'HTTPS://PARTNER.EXAMPLE.COM',
      'http://partner.example.com',
      'https://partner.example.com:8443',
      'https://partner.example.com.evil.net',
      `${partner}/`,
    ]) {
      const response = await ask(app, { headers: { origin } });
      expect(response.statusCode, origin).toBe(401);
      expect(response.headers['access-control-allow-origin'], origin).toBeUndefined();
    }
    expect((await ask(app, { headers: { origin: partner } })).statusCode).toBe(200);
  });

  it('warns at start when API_KEYS leaves no origin for browsers (the chat page would get 401)', async () => {
    const warnings = async (overrides: Partial<Config>) => {
      const { lines } = await loggedApp(overrides);
      return lines()
        .filter((line) => line['level'] === 40)
        .map((line) => String(line['msg']));
    };
    expect(await warnings({ API_KEYS: ['k-one'] })).toEqual([
      expect.stringContaining('list the server’s public origin (e.g. https://qa.example.com) in ALLOWED_ORIGINS'),
    ]);
    expect(await warnings({ API_KEYS: ['k-one'], ALLOWED_ORIGINS: ['https://qa.example.com'] })).toEqual([]);
    expect(await warnings({})).toEqual([]);
  });

  it('does not take a key from the query string (it would end up in proxy logs)', async () => {
    const app = await service.app(keys);
    expect((await app.inject({ method: 'POST', url: '/api/answer?api_key=k-one&key=k-one', payload: question })).statusCode).toBe(401);
  });

  it('needs the key for streams too, and says so before reading a large body', async () => {
    const app = await service.app(keys);
    expect((await ask(app, { headers: { accept: 'text/event-stream' } })).statusCode).toBe(401);
    const large = await app.inject({
      method: 'POST',
      url: '/api/answer',
      headers: { 'content-type': 'application/json' },
      body: `{"question":"${'x'.repeat(64 * 1024)}"}`,
    });
    expect(large.statusCode).toBe(401);
  });
});

describe('CORS for the widget on error responses', () => {
  it('lets an allowed origin read 401, 429 and 400 errors (and retry-after), so the widget can explain them', async () => {
    const app = await service.app({ ALLOWED_ORIGINS: [partner], RATE_LIMIT_PER_MINUTE: 1, API_KEYS: ['k'] });
    const bad = await app.inject({ method: 'POST', url: '/api/answer', payload: { question: '' }, headers: { origin: partner } });
    expect(bad.statusCode).toBe(400);
    const limited = await app.inject({ method: 'POST', url: '/api/answer', payload: question, headers: { origin: partner } });
    expect(limited.statusCode).toBe(429);
    for (const response of [bad, limited]) {
      expect(response.headers['access-control-allow-origin']).toBe(partner);
      expect(String(response.headers['access-control-expose-headers'])).toContain('retry-after');
      expectErrorShape(response);
    }
    const keyless = await service.app({ ALLOWED_ORIGINS: [partner], API_KEYS: ['k'] });
    const unauthorized = await ask(keyless, { headers: { origin: 'https://evil.example.net' } });
    expect(unauthorized.statusCode).toBe(401);
    expect(unauthorized.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a plain OPTIONS from an allowed origin like a preflight, never with a non-JSON error', async () => {
    const app = await service.app({ ALLOWED_ORIGINS: [partner] });
    const response = await app.inject({ method: 'OPTIONS', url: '/api/answer', headers: { origin: partner } });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(partner);
  });
});

describe('security headers everywhere', () => {
  it('on streams, errors of every kind, docs and malformed URLs', async () => {
    const app = await service.app({ RATE_LIMIT_PER_MINUTE: 100 });
    const responses = {
      stream: await ask(app, { headers: { accept: 'text/event-stream' } }),
      badBody: await app.inject({ method: 'POST', url: '/api/answer', headers: { 'content-type': 'application/json' }, body: '{' }),
      tooLarge: await app.inject({
        method: 'POST',
        url: '/api/answer',
        headers: { 'content-type': 'application/json' },
        body: `{"question":"${'x'.repeat(20_000)}"}`,
      }),
      wrongType: await app.inject({ method: 'POST', url: '/api/answer', headers: { 'content-type': 'text/plain' }, body: 'x' }),
      badUrl: await app.inject({ method: 'GET', url: '/api/passages/%E0%A4%A' }),
      notFound: await app.inject({ method: 'GET', url: '/nowhere' }),
      docs: await app.inject({ method: 'GET', url: '/docs' }),
    };
    for (const [name, response] of Object.entries(responses)) {
      expect(response.headers['x-content-type-options'], name).toBe('nosniff');
      expect(response.headers['referrer-policy'], name).toBe('strict-origin-when-cross-origin');
      expect(response.headers['x-frame-options'], name).toBe('SAMEORIGIN');
      expect(response.headers['x-request-id'], name).toBeDefined();
    }
    expect(responses.docs.statusCode).toBe(200);
    expect(String(responses.docs.headers['content-security-policy'])).toContain("script-src 'self'");
  });
});

describe('no internals in responses; everything in the logs under the request id', () => {
  const failingEngine = (error: Error): AnswerEngine => ({
    ...service.engine,
    answer: async () => {
      throw error;
    },
    async *stream() {
      throw error;
    },
  });

  it('masks an unexpected engine failure (500) and a damaged index (503) on the JSON path, logging the cause with the request id', async () => {
    const cases = [
      [new Error(`ENOENT: no such file or directory, open '${service.dir}/index/chunks.jsonl'`), 500, 'INTERNAL_ERROR'],
      [
        new RagError('RAG_INDEX_CORRUPT', `index file ${service.dir}/index/lexical.bin is truncated: 1024 bytes where its header describes 84680`),
        503,
        'RAG_INDEX_CORRUPT',
      ],
      [new TypeError("Cannot read properties of undefined (reading 'chunk')"), 500, 'INTERNAL_ERROR'],
    ] as const;
    for (const [error, status, code] of cases) {
      const { app, lines } = await loggedApp({}, failingEngine(error));
      for (const url of ['/api/answer', '/v1/chat/completions']) {
        const payload = url === '/api/answer' ? question : { messages: [{ role: 'user', content: question.question }] };
        const response = await app.inject({ method: 'POST', url, payload, headers: { 'x-request-id': `trace-${code}` } });
        expect(response.statusCode).toBe(status);
        expectErrorShape(response);
        expect(response.json()).toMatchObject({ code });
        expect(response.body).not.toContain(error.message);
        expect(leaks(response.body, { privateDirs: [service.dir] })).toEqual([]);
        expect(response.headers['x-request-id']).toBe(`trace-${code}`);
      }
      const logged = lines().filter((line) => line['reqId'] === `trace-${code}` && line['msg'] === 'request failed');
      expect(logged.length).toBe(2);
      expect(JSON.stringify(logged[0]?.['err'])).toContain(error.message.slice(0, 30));
    }
  });

  it('gives every request its own id, in the response header and on every log line of that request', async () => {
    const { app, lines } = await loggedApp();
    const responses = await Promise.all(Array.from({ length: 30 }, () => app.inject({ method: 'GET', url: '/api/health' })));
    const ids = responses.map((response) => String(response.headers['x-request-id']));
    expect(new Set(ids).size).toBe(30);
    const logged = lines().filter((line) => typeof line['reqId'] === 'string');
    expect(new Set(logged.map((line) => line['reqId']))).toEqual(new Set(ids));
    const completed = logged.filter((line) => line['msg'] === 'request completed');
    expect(completed.length).toBe(30);
  });
});
