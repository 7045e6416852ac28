import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealService, type RealService } from './real-engine.ts';

const partner = 'https://partner.example.com';
const stranger = 'https://evil.example.net';
const question = { question: '2020年园区三大新兴产业企业总计多少家？' };
const feedback = { question: question.question, answer: '总计2000多家 [1]。', rating: 'up' };

let service: RealService;
beforeAll(async () => {
  service = await startRealService();
});
afterAll(() => service.close());

describe('CORS', () => {
  it('lets an allow-listed origin read answers and the headers the widget needs', async () => {
    const app = await service.app({ ALLOWED_ORIGINS: [partner] });
    const response = await app.inject({ method: 'POST', url: '/api/answer', headers: { origin: partner }, payload: question });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(partner);
    expect(response.headers['vary']).toContain('Origin');
    expect(String(response.headers['access-control-expose-headers'])).toContain('x-request-id');
    expect(String(response.headers['access-control-expose-headers'])).toContain('retry-after');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('answers an allowed preflight with the methods and headers the widget sends', async () => {
    const app = await service.app({ ALLOWED_ORIGINS: [partner] });
    const response = await app.inject({
      method: 'OPTIONS',
      url: '/api/answer',
      headers: { origin: partner, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, accept' },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(partner);
    expect(String(response.headers['access-control-allow-methods'])).toContain('POST');
    expect(String(response.headers['access-control-allow-headers'])).toContain('content-type');
    expect(String(response.headers['access-control-allow-headers'])).toContain('x-api-key');
  });

  it('gives a refused origin no CORS headers, on requests and preflights alike', async () => {
    const app = await service.app({ ALLOWED_ORIGINS: [partner] });
    const request = await app.inject({ method: 'POST', url: '/api/answer', headers: { origin: stranger }, payload: question });
    expect(request.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await app.inject({ method: 'OPTIONS', url: '/api/answer', headers: { origin: stranger, 'access-control-request-method': 'POST' } });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    expect(preflight.statusCode).toBe(404);
    expect(preflight.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('sends no CORS headers to a same-origin page (it needs none)', async () => {
    const app = await service.app({ ALLOWED_ORIGINS: [] });
    const response = await app.inject({ method: 'POST', url: '/api/answer', headers: { origin: 'http://localhost:80' }, payload: question });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('API keys', () => {
  const keys = { API_KEYS: ['k-one', 'k-two'], ALLOWED_ORIGINS: [partner] };

  it('requires a key for /api/answer and /v1/chat/completions', async () => {
    const app = await service.app(keys);
    for (const [url, payload] of [
      ['/api/answer', question],
      ['/v1/chat/completions', { messages: [{ role: 'user', content: question.question }] }],
    ] as const) {
      const missing = await app.inject({ method: 'POST', url, payload });
      expect(missing.statusCode).toBe(401);
      expect(missing.headers['www-authenticate']).toBe('Bearer');
      expect(missing.json()).toEqual({ statusCode: 401, code: 'UNAUTHORIZED', error: 'Unauthorized', message: expect.stringContaining('x-api-key') });
      const wrong = await app.inject({ method: 'POST', url, payload, headers: { authorization: 'Bearer k-three' } });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ code: 'UNAUTHORIZED', message: 'the API key is not valid' });
    }
  });

  it('accepts a key as a bearer token or in x-api-key', async () => {
    const app = await service.app(keys);
    expect((await app.inject({ method: 'POST', url: '/api/answer', payload: question, headers: { authorization: 'Bearer k-two' } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/answer', payload: question, headers: { 'x-api-key': 'k-one' } })).statusCode).toBe(200);
    const stream = await app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: { 'x-api-key': 'k-one' },
      payload: { stream: true, messages: [{ role: 'user', content: '园区' }] },
    });
    expect(stream.statusCode).toBe(200);
  });

  it('admits the widget by its allow-listed Origin instead of a key, but not a stranger', async () => {
    const app = await service.app(keys);
    expect((await app.inject({ method: 'POST', url: '/api/answer', payload: question, headers: { origin: partner } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/answer', payload: question, headers: { origin: stranger } })).statusCode).toBe(401);
  });

  it('does not take an Origin that merely equals the Host as a credential (a DNS-rebinding page sends exactly that)', async () => {
    const app = await service.app(keys);
    for (const [origin, host] of [
      ['http://evil.test', 'evil.test'],
      ['http://localhost:80', 'localhost:80'],
    ]) {
      const response = await app.inject({ method: 'POST', url: '/api/answer', payload: question, headers: { origin, host } });
      expect(response.statusCode, origin).toBe(401);
      expect(response.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });

  it('admits our own chat page once the server’s public origin is in ALLOWED_ORIGINS, its same-origin GETs (no Origin) by their Referer', async () => {
    const own = 'https://qa.example.com';
    const app = await service.app({ API_KEYS: ['k-one'], ALLOWED_ORIGINS: [own] });
    const fromPage = { origin: own, host: 'qa.example.com' };
    expect((await app.inject({ method: 'POST', url: '/api/answer', payload: question, headers: fromPage })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/feedback', payload: feedback, headers: fromPage })).statusCode).toBe(201);
    // A browser sends no Origin on a same-origin GET, only the page's address as Referer.
    const passage = (referer: string) =>
      app.inject({ method: 'GET', url: '/api/passages/yearbook-2020-emerging%231', headers: { host: 'qa.example.com', referer } });
    expect((await passage(`${own}/?lang=en`)).statusCode).toBe(200);
    for (const referer of ['https://evil.example.net/', 'http://qa.example.com/', 'not a url', 'about:blank'])
      expect((await passage(referer)).statusCode, referer).toBe(401);
    // An Origin, when sent, decides: a listed Referer does not rescue an unlisted (or "null") Origin.
    for (const origin of [stranger, 'null']) {
      const response = await app.inject({ method: 'POST', url: '/api/answer', payload: question, headers: { origin, referer: `${own}/` } });
      expect(response.statusCode, origin).toBe(401);
    }
  });

  it('requires a key for passages and feedback too, and checks it before looking at the body; health stays open', async () => {
    const app = await service.app(keys);
    expect((await app.inject({ method: 'POST', url: '/api/answer', payload: { question: '' } })).json()).toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    const passage = { method: 'GET', url: '/api/passages/yearbook-2020-emerging%231' } as const;
    const feedbackPost = { method: 'POST', url: '/api/feedback', payload: feedback } as const;
    for (const request of [passage, feedbackPost, { method: 'POST', url: '/api/feedback', payload: { rating: 'sideways' } } as const]) {
      const refused = await app.inject(request);
      expect(refused.statusCode, request.url).toBe(401);
      expect(refused.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    }
    expect((await app.inject({ ...passage, headers: { 'x-api-key': 'k-two' } })).statusCode).toBe(200);
    expect((await app.inject({ ...feedbackPost, headers: { authorization: 'Bearer k-one' } })).statusCode).toBe(201);
    expect((await app.inject({ ...feedbackPost, headers: { origin: partner } })).statusCode).toBe(201);
  });
});

describe('rate limit', () => {
  it('answers 429 RATE_LIMITED with retry-after once the per-minute budget is spent', async () => {
    const app = await service.app({ RATE_LIMIT_PER_MINUTE: 2 });
    expect((await app.inject({ method: 'POST', url: '/api/answer', payload: question })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/answer', payload: question })).statusCode).toBe(200);
    const limited = await app.inject({ method: 'POST', url: '/api/answer', payload: question });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['x-ratelimit-limit']).toBe('2');
    expect(limited.headers['x-request-id']).toBeDefined();
    expect(limited.json()).toEqual({
      statusCode: 429,
      code: 'RATE_LIMITED',
      error: 'Too Many Requests',
      message: expect.stringMatching(/at most 2 per minute; retry in/),
    });
    // Pages and docs are not part of the API budget.
    expect((await app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
  });

  it('is off with RATE_LIMIT_PER_MINUTE=0', async () => {
    const app = await service.app({ RATE_LIMIT_PER_MINUTE: 0 });
    for (let index = 0; index < 5; index += 1) {
      const response = await app.inject({ method: 'POST', url: '/api/answer', payload: question });
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });

  it('never limits /api/health, which a load balancer polls from one address, nor counts it against the API budget', async () => {
    const app = await service.app({ RATE_LIMIT_PER_MINUTE: 2, API_KEYS: ['k-one'] });
    // A probe behind a proxy: every poll from the same address, far past the per-minute budget, with no key.
    for (let index = 0; index < 10; index += 1) {
      const response = await app.inject({ method: 'GET', url: '/api/health', remoteAddress: '10.0.0.7' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    }
    // The same address still has its whole budget for the API.
    const ask = () => app.inject({ method: 'POST', url: '/api/answer', payload: question, remoteAddress: '10.0.0.7', headers: { 'x-api-key': 'k-one' } });
    expect((await ask()).statusCode).toBe(200);
    expect((await ask()).statusCode).toBe(200);
    expect((await ask()).statusCode).toBe(429);
  });
});

describe('security headers', () => {
  it('sends nosniff, a referrer policy and SAMEORIGIN framing on API responses and errors', async () => {
    const app = await service.app();
    for (const response of [await app.inject({ method: 'GET', url: '/api/health' }), await app.inject({ method: 'GET', url: '/nowhere' })]) {
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['content-security-policy']).toBeUndefined();
    }
  });

  it('does not forbid framing for /widget.js', async () => {
    const app = await service.app();
    const response = await app.inject({ method: 'GET', url: '/widget.js' });
    expect(response.headers['x-frame-options']).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});
