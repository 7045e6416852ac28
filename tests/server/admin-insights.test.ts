import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Insights } from '../../src/question-log/question-insights.ts';
import { jsonLinesQuestionStore } from '../../src/question-log/json-lines-question-store.ts';
import type { QuestionLogEntry } from '../../src/question-log/question-log-entry.ts';
import { startRealService, type RealService } from './real-engine.ts';

const adminKey = 'admin-key-0123456789abcdef';
const publicKey = 'public-key-0123456789';
const partner = 'https://partner.example.com';
const now = new Date('2026-12-07T04:00:00.000Z');

let service: RealService;
let logFile: string;

function logged(overrides: Partial<QuestionLogEntry>): QuestionLogEntry {
  return {
    id: `id-${Math.random()}`,
    at: '2026-12-06T02:00:00.000Z',
    requestId: `r-${Math.random()}`,
    question: '2020年园区生物医药产业产值是多少？',
    language: 'zh',
    answered: true,
    citations: [],
    mode: { retrieval: 'lexical', generator: 'extractive' },
    channel: 'answer',
    latencyMs: 4,
    ...overrides,
  };
}

beforeAll(async () => {
  service = await startRealService();
  logFile = join(service.dir, 'admin-questions.jsonl');
  await jsonLinesQuestionStore(logFile).append([
    logged({ at: '2026-11-01T02:00:00.000Z', question: '上海迪士尼乐园门票多少钱？', answered: false }),
    logged({ question: '<img src=x onerror=alert(1)>迪士尼门票多少钱？', answered: false }),
    logged({ question: '=HYPERLINK("http://evil.example","click")', language: 'en', answered: false }),
    logged({ at: '2026-12-06T17:00:00.000Z' }),
  ]);
});
afterAll(() => service.close());

const app = (overrides: Record<string, unknown> = {}) => service.app({ ADMIN_API_KEY: adminKey, QUESTION_LOG_FILE: logFile, ...overrides }, { now: () => now });
const basic = (password: string) => `Basic ${Buffer.from(`team:${password}`).toString('base64')}`;

describe('admin insights routes', () => {
  it('are listed as sections and refuse public keys, allowed origins and no key', async () => {
    const server = await app({ API_KEYS: [publicKey], ALLOWED_ORIGINS: [partner] });
    expect((await server.inject({ method: 'GET', url: '/api/admin', headers: { 'x-admin-key': adminKey } })).json()).toEqual({
      sections: ['questions', 'insights'],
    });
    for (const url of [
      '/api/admin/insights',
      '/api/admin/insights.csv',
      '/api/admin/insights.html',
      '/api/admin/insights.txt',
      '/api/admin/questions',
      '/api/admin/questions.csv',
    ]) {
      for (const headers of [{ authorization: `Bearer ${publicKey}` }, { origin: partner }, { 'x-api-key': publicKey }, {}]) {
        const response = await server.inject({ method: 'GET', url, headers });
        expect(response.statusCode, `${url} ${JSON.stringify(headers)}`).toBe(401);
      }
    }
  });

  it('ask a browser for the key as a Basic password, and admit it', async () => {
    const server = await app();
    const challenged = await server.inject({ method: 'GET', url: '/api/admin/insights.html', headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(challenged.statusCode).toBe(401);
    expect(challenged.headers['www-authenticate']).toMatch(/^Basic realm="/);
    expect(
      (await server.inject({ method: 'GET', url: '/api/admin/insights.html', headers: { authorization: basic('wrong-key-0123456789') } })).statusCode,
    ).toBe(401);
    const page = await server.inject({ method: 'GET', url: '/api/admin/insights.html', headers: { authorization: basic(adminKey) } });
    expect(page.statusCode).toBe(200);
    // API clients still get the Bearer challenge.
    expect((await server.inject({ method: 'GET', url: '/api/admin/insights' })).headers['www-authenticate']).toBe('Bearer realm="admin"');
  });

  it('serve the page with the chat page’s CSP, no script, and visitors’ text escaped', async () => {
    const server = await app();
    const page = await server.inject({ method: 'GET', url: '/api/admin/insights.html', headers: { 'x-admin-key': adminKey } });
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).not.toContain('<script');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;迪士尼门票多少钱？');
    expect(page.body).toContain('<svg class="chart"');
  });

  it('count days in the park’s time zone and limit the range with ?days on the injected clock', async () => {
    const server = await app();
    const all = (await server.inject({ method: 'GET', url: '/api/admin/insights', headers: { 'x-admin-key': adminKey } })).json<Insights>();
    expect(all.perDay.map((day) => [day.day, day.questions])).toEqual([
      ['2026-11-01', 1],
      ['2026-12-06', 2],
      ['2026-12-07', 1],
    ]);
    const recent = (await server.inject({ method: 'GET', url: '/api/admin/insights?days=7', headers: { 'x-admin-key': adminKey } })).json<Insights>();
    expect(recent.totals).toMatchObject({ questions: 3, declined: 2 });
    const declined = (await server.inject({ method: 'GET', url: '/api/admin/questions?answered=false&limit=1', headers: { 'x-admin-key': adminKey } })).json<{
      total: number;
      questions: QuestionLogEntry[];
    }>();
    expect(declined.total).toBe(3);
    expect(declined.questions.map((entry) => entry.language)).toEqual(['en']);
  });

  it('keep spreadsheet formulas in visitors’ questions from running (CSV injection)', async () => {
    const server = await app();
    const csv = await server.inject({ method: 'GET', url: '/api/admin/questions.csv', headers: { 'x-admin-key': adminKey } });
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="questions.csv"');
  });

  it('refuse a bad range with a 400 naming it', async () => {
    const server = await app();
    for (const url of [
      '/api/admin/insights?days=0',
      '/api/admin/insights?days=abc',
      '/api/admin/insights?limit=-1',
      '/api/admin/insights?color=red',
      '/api/admin/questions?answered=maybe',
    ]) {
      const response = await server.inject({ method: 'GET', url, headers: { 'x-admin-key': adminKey } });
      expect(response.statusCode, url).toBe(400);
      expect(response.json<{ message: string }>().message, url).toMatch(/days|limit|color|answered/);
    }
  });
});
