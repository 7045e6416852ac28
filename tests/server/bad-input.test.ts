import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealService, type RealService } from './real-engine.ts';

let service: RealService;
beforeAll(async () => {
  service = await startRealService();
});
afterAll(() => service.close());

type Payload = NonNullable<InjectOptions['payload']>;

const turn = (role: string, content: string) => ({ role, content });
const json = (payload: unknown): InjectOptions => ({ method: 'POST', url: '/api/answer', payload: payload as Payload });
const raw = (body: string, contentType: string, url = '/api/answer'): InjectOptions => ({
  method: 'POST',
  url,
  headers: { 'content-type': contentType },
  body,
});

/** Every rejection has Fastify's shape, a stable code, a message naming the problem, and nothing internal. */
function expectRejected(response: LightMyRequestResponse, statusCode: number, code: string, mentions: RegExp): void {
  expect(response.statusCode, response.body).toBe(statusCode);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = response.json<Record<string, unknown>>();
  expect(Object.keys(body).sort()).toEqual(['code', 'error', 'message', 'statusCode']);
  expect(body['statusCode']).toBe(statusCode);
  expect(body['code']).toBe(code);
  expect(body['message']).toMatch(mentions);
  expect(response.body).not.toMatch(/\bat .*\(|\/work\/|node_modules|\.ts:\d/);
  expect(response.headers['x-request-id']).toBeDefined();
}

const cases: Array<[name: string, request: InjectOptions, statusCode: number, code: string, mentions: RegExp]> = [
  ['empty question', json({ question: '' }), 400, 'QUESTION_EMPTY', /question/],
  ['whitespace-only question', json({ question: '  \n\t　' }), 400, 'QUESTION_EMPTY', /question/],
  ['question over 1000 characters', json({ question: '园'.repeat(1001) }), 400, 'QUESTION_TOO_LONG', /question.*1000/],
  ['question of the wrong type', json({ question: 42 }), 400, 'BODY_INVALID', /question/],
  ['missing question', json({ topK: 3 }), 400, 'BODY_INVALID', /question/],
  ['body that is not an object', json(['园区']), 400, 'BODY_INVALID', /object/],
  ['unknown field', json({ question: '园区', stream: true }), 400, 'BODY_INVALID', /stream/],
  ['topK of the wrong type', json({ question: '园区', topK: '5' }), 400, 'BODY_INVALID', /topK/],
  ['fractional topK', json({ question: '园区', topK: 2.5 }), 400, 'BODY_INVALID', /topK/],
  ['topK 0', json({ question: '园区', topK: 0 }), 400, 'TOPK_OUT_OF_RANGE', /topK.*1.*20/],
  ['topK 21', json({ question: '园区', topK: 21 }), 400, 'TOPK_OUT_OF_RANGE', /topK.*1.*20/],
  [
    'history over 20 turns',
    json({ question: '园区', history: Array.from({ length: 21 }, (_, index) => turn(index % 2 === 0 ? 'user' : 'assistant', '好')) }),
    400,
    'HISTORY_TOO_LONG',
    /history.*20/,
  ],
  [
    'history turn over 4000 characters',
    json({ question: '园区', history: [turn('user', 'a'.repeat(4001))] }),
    400,
    'HISTORY_TOO_LONG',
    /history\[0\]\.content.*4000/,
  ],
  ['history that is not an array', json({ question: '园区', history: 'earlier' }), 400, 'HISTORY_INVALID', /history/],
  ['history turn with a bad role', json({ question: '园区', history: [turn('system', 'be brief')] }), 400, 'HISTORY_INVALID', /history\[0\]\.role/],
  ['history turn without content', json({ question: '园区', history: [{ role: 'user' }] }), 400, 'HISTORY_INVALID', /history\[0\]\.content/],
  [
    'history turn with an unknown field',
    json({ question: '园区', history: [{ role: 'user', content: 'hi', name: 'x' }] }),
    400,
    'HISTORY_INVALID',
    /history\[0\]\.name/,
  ],
  [
    'history turn content of the wrong type',
    json({ question: '园区', history: [{ role: 'user', content: 7 }] }),
    400,
    'HISTORY_INVALID',
    /history\[0\]\.content/,
  ],
  ['malformed JSON', raw('{"question": "园区', 'application/json'), 400, 'BODY_MALFORMED_JSON', /JSON/],
  ['empty JSON body', raw('', 'application/json'), 400, 'BODY_MALFORMED_JSON', /empty/],
  ['text/plain body', raw('园区有多少家企业？', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE', /content-type.*application\/json/],
  ['form body', raw('question=x', 'application/x-www-form-urlencoded'), 415, 'UNSUPPORTED_MEDIA_TYPE', /content-type/],
  ['body over 16 KB', raw(JSON.stringify({ question: '园区', padding: 'x'.repeat(17 * 1024) }), 'application/json'), 413, 'BODY_TOO_LARGE', /16 KB/],
  ['unknown route', { method: 'GET', url: '/api/nothing-here?x=1' }, 404, 'NOT_FOUND', /GET \/api\/nothing-here$/],
  ['wrong method', { method: 'GET', url: '/api/answer' }, 404, 'NOT_FOUND', /GET \/api\/answer/],
  ['undecodable URL', { method: 'GET', url: '/api/passages/%E0%A4%A' }, 400, 'RAG_BAD_REQUEST', /url/i],
];

describe('bad input to POST /api/answer and friends', () => {
  it.each(cases)('%s', async (_name, request, statusCode, code, mentions) => {
    const app = await service.app();
    expectRejected(await app.inject(request), statusCode, code, mentions);
  });

  it('rejects bad input with a JSON error even when the client asked for a stream', async () => {
    const app = await service.app();
    const response = await app.inject({ method: 'POST', url: '/api/answer', headers: { accept: 'text/event-stream' }, payload: { question: ' ' } });
    expectRejected(response, 400, 'QUESTION_EMPTY', /question/);
  });

  it('accepts the limits themselves (1000 characters, 20 turns of 4000, topK 1 and 20)', async () => {
    const app = await service.app();
    const history = Array.from({ length: 20 }, (_, index) => turn(index % 2 === 0 ? 'user' : 'assistant', '园'.repeat(100)));
    for (const payload of [
      { question: `园区${'企'.repeat(998)}` },
      { question: '园区企业', history },
      { question: '园区企业', history: [turn('user', 'a'.repeat(4000))] },
      { question: '园区企业', topK: 1 },
      { question: '园区企业', topK: 20 },
    ]) {
      const response = await app.inject(json(payload));
      expect(response.statusCode, response.body).toBe(200);
    }
  });

  it('rejects bad chat-completions input with the same codes', async () => {
    const app = await service.app();
    const post = (payload: unknown) => app.inject({ method: 'POST', url: '/v1/chat/completions', payload: payload as Payload });
    expectRejected(await post({ model: 'x' }), 400, 'BODY_INVALID', /messages/);
    expectRejected(await post({ messages: [] }), 400, 'BODY_INVALID', /messages/);
    expectRejected(await post({ messages: [{ role: 'system', content: 'be nice' }] }), 400, 'QUESTION_EMPTY', /user message/);
    expectRejected(await post({ messages: [{ role: 'user', content: '   ' }] }), 400, 'QUESTION_EMPTY', /question/);
    expectRejected(await post({ messages: [{ role: 'user', content: 'x'.repeat(1001) }] }), 400, 'QUESTION_TOO_LONG', /1000/);
    expectRejected(await post({ messages: [{ role: 'wizard', content: 'hi' }] }), 400, 'BODY_INVALID', /messages\[0\]\.role/);
    expectRejected(await post({ messages: [{ role: 'user', content: 5 }] }), 400, 'BODY_INVALID', /messages\[0\]\.content/);
    expectRejected(await post({ messages: [{ role: 'user', content: 'hi' }], stream: 'yes' }), 400, 'BODY_INVALID', /stream/);
  });

  it('rejects bad feedback with a message naming the field', async () => {
    const app = await service.app();
    const post = (payload: unknown) => app.inject({ method: 'POST', url: '/api/feedback', payload: payload as Payload });
    const valid = { question: '园区', answer: '答', rating: 'up' };
    expectRejected(await post({ ...valid, rating: 'meh' }), 400, 'BODY_INVALID', /rating.*up, down/);
    expectRejected(await post({ ...valid, comment: 'c'.repeat(1001) }), 400, 'BODY_INVALID', /comment/);
    expectRejected(await post({ ...valid, extra: 1 }), 400, 'BODY_INVALID', /extra/);
    expectRejected(await post({ ...valid, citations: 'x#1' }), 400, 'BODY_INVALID', /citations/);
    expectRejected(await post({ answer: '答', rating: 'down' }), 400, 'BODY_INVALID', /question/);
  });
});
