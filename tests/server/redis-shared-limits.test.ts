import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import type { AnswerEngine } from '../../src/question/answer-parts.ts';
import { buildApp } from '../../src/server/app.ts';
import { startRedisServer, type RedisServer } from '../fixtures/redis-server.ts';
import { parseSse, startRealService, type RealService } from './real-engine.ts';

const question = { question: '2020年园区三大新兴产业企业总计多少家？' };

let service: RealService;
let redis: RedisServer;
const ownApps: FastifyInstance[] = [];
beforeAll(async () => {
  [service, redis] = await Promise.all([startRealService(), startRedisServer()]);
});
afterAll(async () => {
  await Promise.all(ownApps.map((app) => app.close()));
  await service.close();
  await redis.stop();
});

/** One replica: its own app (own process state) on the shared Redis, with its log lines collected. */
async function replica(overrides: Partial<Config>, options: { engine?: AnswerEngine; maxStreamsPerClient?: number } = {}) {
  const written: string[] = [];
  const app = await buildApp({
    engine: options.engine ?? service.engine,
    config: { ...service.config, REDIS_URL: redis.url, ...overrides },
    ...(options.maxStreamsPerClient !== undefined ? { maxStreamsPerClient: options.maxStreamsPerClient } : {}),
    logger: { level: 'info', stream: { write: (line: string) => written.push(line) } },
  });
  ownApps.push(app);
  return { app, lines: () => written.map((line) => JSON.parse(line) as { level: number; msg: string }) };
}

const ask = (app: FastifyInstance, remoteAddress: string, extra: Partial<InjectOptions> = {}) =>
  app.inject({ method: 'POST', url: '/api/answer', payload: question, remoteAddress, ...extra });

/** An engine whose streams wait until `open()`: they stay open as long as the test needs. */
function gatedEngine() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const real = service.engine;
  const engine: AnswerEngine = {
    ...real,
    async *stream(request) {
      await gate;
      yield* real.stream(request);
    },
  };
  return { engine, open };
}

describe('REDIS_URL: limits shared by replicas', () => {
  it('counts one client’s requests to two replicas against one per-minute budget', async () => {
    const [a, b] = [await replica({ RATE_LIMIT_PER_MINUTE: 3 }), await replica({ RATE_LIMIT_PER_MINUTE: 3 })];
    const client = '198.51.100.7';
    expect((await ask(a.app, client)).statusCode).toBe(200);
    expect((await ask(b.app, client)).statusCode).toBe(200);
    expect((await ask(a.app, client)).statusCode).toBe(200);
    const limited = await ask(b.app, client);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
    // Another client keeps its own budget.
    expect((await ask(b.app, '198.51.100.8')).statusCode).toBe(200);
  });

  it('shares the feedback quota too', async () => {
    const [a, b] = [await replica({ FEEDBACK_PER_HOUR: 1 }), await replica({ FEEDBACK_PER_HOUR: 1 })];
    const feedback = { question: 'q', answer: 'a', rating: 'up' };
    const send = (app: FastifyInstance) => app.inject({ method: 'POST', url: '/api/feedback', payload: feedback, remoteAddress: '198.51.100.9' });
    expect((await send(a.app)).statusCode).toBe(201);
    expect((await send(b.app)).json()).toMatchObject({ code: 'FEEDBACK_QUOTA_EXCEEDED' });
  });

  it('counts a client’s open streams across replicas, and frees the slot when the stream ends', async () => {
    const { engine, open } = gatedEngine();
    const [a, b] = [await replica({}, { engine, maxStreamsPerClient: 1 }), await replica({}, { engine, maxStreamsPerClient: 1 })];
    const client = '198.51.100.10';
    const streamOn = (app: FastifyInstance) => ask(app, client, { headers: { accept: 'text/event-stream' } });
    const first = streamOn(a.app);
    await expect.poll(() => a.app.streamLimiter.openStreams(client), { timeout: 2000 }).toBe(1);
    const refused = await streamOn(b.app);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'TOO_MANY_STREAMS' });
    open();
    expect(parseSse((await first).body).at(-1)?.event).toBe('done');
    await expect.poll(async () => (await streamOn(b.app)).statusCode, { timeout: 2000 }).toBe(200);
  });
});

describe('REDIS_URL with Redis down', () => {
  it('lets requests and streams through, logging a warning, instead of failing them', async () => {
    const down = await startRedisServer();
    const config = { REDIS_URL: down.url, RATE_LIMIT_PER_MINUTE: 1 };
    const { engine, open } = gatedEngine();
    const { app, lines } = await replica(config, { engine, maxStreamsPerClient: 5 });
    await down.stop();
    open();
    const client = '198.51.100.11';
    for (let index = 0; index < 3; index += 1) expect((await ask(app, client)).statusCode).toBe(200);
    const stream = await ask(app, client, { headers: { accept: 'text/event-stream' } });
    expect(stream.statusCode).toBe(200);
    expect(parseSse(stream.body).at(-1)?.event).toBe('done');
    const warnings = lines()
      .filter((line) => line.level === 40)
      .map((line) => line.msg);
    expect(warnings).toContain('rate limit not checked (Redis unavailable): request let through');
    expect(warnings.some((message) => message.startsWith('shared stream count not checked'))).toBe(true);
  });

  it('starts and serves when Redis is unreachable from the start', async () => {
    const down = await startRedisServer();
    await down.stop();
    const { app, lines } = await replica({ REDIS_URL: down.url, RATE_LIMIT_PER_MINUTE: 1 });
    expect((await ask(app, '198.51.100.12')).statusCode).toBe(200);
    expect((await ask(app, '198.51.100.12')).statusCode).toBe(200);
    expect(lines().some((line) => line.level === 40 && line.msg.startsWith('Redis unreachable'))).toBe(true);
  });
});

describe('REDIS_URL setting', () => {
  it('accepts redis:// and rediss:// URLs and names the setting when it is something else', async () => {
    const { loadConfig } = await import('../../src/config.ts');
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379' }).REDIS_URL).toBe('redis://cache:6379');
    expect(loadConfig({ REDIS_URL: 'rediss://:pw@cache:6380/1' }).REDIS_URL).toBe('rediss://:pw@cache:6380/1');
    expect(loadConfig({ REDIS_URL: '' }).REDIS_URL).toBeUndefined();
    expect(() => loadConfig({ REDIS_URL: 'cache:6379' })).toThrow(/REDIS_URL: REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
  });
});
