import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiBase } from '../../src/server/routes/pages.ts';
import { startRealService, type RealService } from '../server/real-engine.ts';

let service: RealService;
beforeAll(async () => {
  service = await startRealService();
});
afterAll(async () => {
  await service.close();
});

describe('pages: /, /demo, /widget.js', () => {
  it('serves the chat page with its script and stylesheet under the strict policy', async () => {
    const app = await service.app();
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('<script src="/assets/chat.js" defer></script>');
    for (const url of ['/assets/chat.js', '/assets/chat-page.css', '/favicon.svg']) expect((await app.inject({ method: 'GET', url })).statusCode).toBe(200);
  });

  it('serves a minified widget.js, gzipped when asked, with an ETag that answers 304', async () => {
    const app = await service.app();
    const plain = await app.inject({ method: 'GET', url: '/widget.js' });
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(plain.body).toContain('sip-qa-widget');
    // Minified: a few lines at most (esbuild writes \n inside template literals as real newlines).
    expect(plain.body.split('\n').length).toBeLessThan(20);
    const gzipped = await app.inject({ method: 'GET', url: '/widget.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.rawPayload.length).toBeLessThan(30 * 1024);
    expect(gunzipSync(gzipped.rawPayload).toString('utf8')).toBe(plain.body);
    const cached = await app.inject({ method: 'GET', url: '/widget.js', headers: { 'if-none-match': String(plain.headers.etag) } });
    expect(cached.statusCode).toBe(304);
  });

  it('points the demo at its own origin, or at ?api= (allowed for fetch, never for scripts)', async () => {
    const app = await service.app();
    const own = await app.inject({ method: 'GET', url: '/demo', headers: { host: 'park.example:3000' } });
    expect(own.body).toContain('data-api-base="http://park.example:3000"');
    expect(own.body).toContain('<script src="/widget.js" async');
    const other = await app.inject({ method: 'GET', url: `/demo?api=${encodeURIComponent('http://127.0.0.1:9999/')}` });
    expect(other.body).toContain('data-api-base="http://127.0.0.1:9999"');
    expect(other.headers['content-security-policy']).toContain("connect-src 'self' http://127.0.0.1:9999");
    expect(other.headers['content-security-policy']).toContain("script-src 'self';");
    const hostile = await app.inject({ method: 'GET', url: `/demo?api=${encodeURIComponent('javascript:alert(1)')}` });
    expect(hostile.body).not.toContain('javascript:');
  });

  it('accepts only credential-free http(s) API bases', () => {
    expect(parseApiBase('https://qa.example.com/v1/')).toBe('https://qa.example.com/v1');
    expect(parseApiBase('https://user:pw@qa.example.com')).toBeUndefined();
    expect(parseApiBase('data:text/html,hi')).toBeUndefined();
    expect(parseApiBase('"><script>')).toBeUndefined();
    expect(parseApiBase(undefined)).toBeUndefined();
  });
});
