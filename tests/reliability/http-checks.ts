import { STATUS_CODES } from 'node:http';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { parseSse } from '../server/real-engine.ts';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));

/** What a response must never contain: a stack frame, a module path, or a path on this machine. */
export function leaks(body: string, { asked = '', privateDirs = [] }: { asked?: string; privateDirs?: string[] } = {}): string[] {
  const found: string[] = [];
  // Text the client sent may come back in a message (a 404 names the path); only what it did not send counts.
  const fresh = (needle: string) => body.includes(needle) && !asked.includes(needle);
  for (const dir of [projectDir, ...privateDirs]) if (fresh(dir)) found.push(`path ${dir}`);
  if (fresh('node_modules')) found.push('node_modules');
  if (/\n\s+at [^\n]+:\d+:\d+/.test(body) && !/\n\s+at [^\n]+:\d+:\d+/.test(asked)) found.push('stack trace');
  if (/\.ts:\d+:\d+/.test(body) && !/\.ts:\d+:\d+/.test(asked)) found.push('source position');
  return found;
}

export interface SeenResponse {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/**
 * The contract every response keeps whatever was sent: no 5xx, a request id, nosniff, and for 4xx the
 * documented `{statusCode, code, error, message}` body (exactly those keys) with nothing internal in it.
 */
export function expectWellFormed(response: SeenResponse, { method = 'GET', asked = '', privateDirs = [] as string[] } = {}): void {
  const context = `${method} → ${response.statusCode} ${response.body.slice(0, 300)}\nrequest: ${asked.slice(0, 300)}`;
  expect(response.statusCode, context).toBeLessThan(500);
  expect(response.headers['x-request-id'], context).toBeDefined();
  expect(response.headers['x-content-type-options'], context).toBe('nosniff');
  expect(leaks(response.body, { asked, privateDirs }), context).toEqual([]);
  if (response.statusCode >= 400 && method !== 'HEAD') expectErrorShape(response, context);
  const type = String(response.headers['content-type'] ?? '');
  if (response.statusCode === 200 && type.startsWith('text/event-stream')) {
    const events = parseSse(response.body);
    const last = events.at(-1);
    // A stream ends with the result (`done`, or `[DONE]` for the OpenAI shape), or one error event.
    expect(last?.event === 'done' || last?.event === 'error' || last?.data === '[DONE]', context).toBe(true);
    expect(
      events.filter((event) => event.event === 'error'),
      context,
    ).toEqual([]);
  }
}

export function expectErrorShape(response: SeenResponse, context = ''): void {
  expect(String(response.headers['content-type']), context).toMatch(/^application\/json/);
  const body = JSON.parse(response.body) as Record<string, unknown>;
  expect(Object.keys(body).sort(), context).toEqual(['code', 'error', 'message', 'statusCode']);
  expect(body['statusCode'], context).toBe(response.statusCode);
  expect(body['code'], context).toMatch(/^[A-Z][A-Z_]+$/);
  expect(body['error'], context).toBe(STATUS_CODES[response.statusCode]);
  expect(typeof body['message'] === 'string' && body['message'] !== '', context).toBe(true);
}
