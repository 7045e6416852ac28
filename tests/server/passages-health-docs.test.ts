import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealService, type RealService } from './real-engine.ts';

let service: RealService;
beforeAll(async () => {
  service = await startRealService();
});
afterAll(() => service.close());

describe('GET /api/passages/:id', () => {
  it('returns the chunk and its document for a URL-encoded id with #', async () => {
    const app = await service.app();
    const response = await app.inject({ method: 'GET', url: `/api/passages/${encodeURIComponent('yearbook-2020-emerging#1')}` });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ chunk: Record<string, unknown>; document: Record<string, unknown>; english?: { title: string; text: string } }>();
    // The English edition travels beside the Chinese.
    expect(body.english?.title).toBe('Overview');
    expect(body.english?.text).toContain('3,150 companies');
    expect(body.chunk).toMatchObject({ id: 'yearbook-2020-emerging#1', docId: 'yearbook-2020-emerging', lang: 'zh', year: 2020, title: '【概况】' });
    expect(String(body.chunk['text'])).toContain('3150家');
    expect(body.document).toEqual({
      slug: 'yearbook-2020-emerging',
      file: '000_3c1a50c49df3de27.txt',
      title: { zh: '苏州工业园区年鉴 · 新兴产业', en: 'SIP Yearbook: Emerging Industries' },
    });
    // Every contract field the engine holds survives the response schema (the whole chunk, optional fields too).
    const passage = service.engine.passage('yearbook-2020-emerging#1');
    expect(body.chunk).toEqual(JSON.parse(JSON.stringify(passage?.chunk)));
  });

  it('answers 404 NOT_FOUND for an unknown id, and for an id whose # was not encoded', async () => {
    const app = await service.app();
    for (const url of ['/api/passages/no-such-doc%231', '/api/passages/yearbook-2020-emerging']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', error: 'Not Found', message: expect.stringContaining('%23') });
    }
  });
});

describe('GET /api/health', () => {
  it('reports the engine mode, index and service version', async () => {
    const app = await service.app();
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    const body = response.json<Record<string, unknown>>();
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(body).toEqual({
      ...service.engine.health(),
      uptimeSeconds: expect.any(Number),
      version,
      eventLoopDelayMs: { p50: expect.any(Number), p99: expect.any(Number), max: expect.any(Number), windowSeconds: expect.any(Number) },
      questionLog: { enabled: true, written: 0, dropped: 0, queued: 0 },
    });
    expect(body).toMatchObject({ status: 'ok', mode: { retrieval: 'lexical', generator: 'extractive' }, embeddingModel: null, llmModel: null, documents: 5 });
    expect(body['englishEditions']).toEqual({ passages: body['chunkCount'], missing: 0, stale: 0 });
    expect(body['denseReason']).toEqual(expect.any(String));
  });

  it("reports the event loop's recent delay: a request holding the loop for 200 ms shows in it (issue 11)", async () => {
    const app = await service.app();
    const before = (await app.inject({ method: 'GET', url: '/api/health' })).json<{
      eventLoopDelayMs: { p50: number; p99: number; max: number; windowSeconds: number };
    }>().eventLoopDelayMs;
    expect(before.windowSeconds).toBeGreaterThanOrEqual(0);
    for (const value of [before.p50, before.p99, before.max]) expect(value).toBeGreaterThanOrEqual(0);
    // The monitor's first timer tick only starts its clock: let it tick before holding the loop.
    await new Promise((resolve) => setTimeout(resolve, 50));
    // What one stalled answer did to everyone else: nothing else ran for 200 ms.
    const blocked = performance.now();
    while (performance.now() - blocked < 200);
    await new Promise((resolve) => setTimeout(resolve, 40));
    const after = (await app.inject({ method: 'GET', url: '/api/health' })).json<{
      eventLoopDelayMs: { p50: number; p99: number; max: number; windowSeconds: number };
    }>().eventLoopDelayMs;
    expect(after.max).toBeGreaterThanOrEqual(150);
    expect(after.p99).toBeLessThanOrEqual(after.max);
    expect(after.p50).toBeLessThanOrEqual(after.p99);
  });
});

describe('OpenAPI at /docs', () => {
  it('serves the OpenAPI document built from the route schemas', async () => {
    const app = await service.app();
    const response = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{
      openapi: string;
      info: { version: string };
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    }>();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/admin',
      '/api/admin/insights',
      '/api/admin/insights.csv',
      '/api/admin/insights.html',
      '/api/admin/insights.txt',
      '/api/admin/questions',
      '/api/admin/questions.csv',
      '/api/answer',
      '/api/feedback',
      '/api/health',
      '/api/passages/{id}',
      '/v1/chat/completions',
    ]);
    const answer = document.paths['/api/answer']?.['post'];
    expect(JSON.stringify(answer?.requestBody)).toContain('"maxLength":1000');
    expect(Object.keys(answer?.responses ?? {})).toEqual(expect.arrayContaining(['200', '4XX', '5XX']));
    expect(JSON.stringify(answer?.responses['200'])).toContain('text/event-stream');
    // The health route documents its event-loop delay figures.
    const health = JSON.stringify(document.paths['/api/health']?.['get']?.responses['200']);
    expect(health).toContain('eventLoopDelayMs');
    expect(health).toContain('monitorEventLoopDelay');
  });

  it('serves Swagger UI as an HTML page with a content security policy', async () => {
    const app = await service.app();
    const response = await app.inject({ method: 'GET', url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
