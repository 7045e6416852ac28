import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotedNamesTurn } from '../../src/bench/worst-case-inputs.ts';
import type { AnswerResponse } from '../../src/question/answer-parts.ts';
import { requestLimits } from '../../src/server/request-limits.ts';
import { startRealService, type RealService } from '../server/real-engine.ts';

/**
 * Issue 11, item 1: a follow-up after a previous turn of ~4,000 characters of capitalised names, each
 * after an opening quote (`What about “Qaaa a “Qaab a …`, then "And in 2021?"), took 1.5–2.8 s on
 * /api/answer and 5.8 s on /v1/chat/completions, holding the event loop (and every other request) the
 * whole time. The follow-up rewrite pasted the whole previous turn into the question (resolvedQuestion
 * came back at ~5,000 characters), and key terms ran a pattern per capitalised name from every opening
 * quote to the end. Speed is measured by the worst-case benchmark (`npm run bench -- --only worst-case`);
 * the time limits here only catch a return of the seconds-long stall.
 */
const catastrophicMs = 1000;
const previousTurn = quotedNamesTurn();
const history = [
  { role: 'user' as const, content: previousTurn },
  { role: 'assistant' as const, content: 'Sorry, the documents do not answer this question.' },
];
const characters = (text: string) => [...text].length;

let service: RealService;
let app: FastifyInstance;
beforeAll(async () => {
  service = await startRealService();
  app = await service.app();
  // The first requests after start pay for lazy set-up (route compilation, the engine's first answer),
  // not for this input: pay that here, on both routes.
  const warmUp = [
    { role: 'user', content: 'What was the output value of the biomedicine industry in 2020?' },
    { role: 'user', content: 'And in 2021?' },
  ];
  await app.inject({ method: 'POST', url: '/api/answer', payload: { question: 'And in 2021?', history: warmUp.slice(0, 1) } });
  await app.inject({ method: 'POST', url: '/v1/chat/completions', payload: { messages: warmUp } });
});
afterAll(() => service.close());

describe('a follow-up after a 4,000-character turn of quoted capitalised names', () => {
  it('is the reported input: the turn is at the per-turn limit, names after opening quotes', () => {
    expect(characters(previousTurn)).toBe(requestLimits.turnChars);
    expect(previousTurn.startsWith('What about “Qaaa a “Qaab a “Qaac a')).toBe(true);
  });

  it('POST /api/answer resolves it within the question limit, without pasting the previous turn', async () => {
    const started = performance.now();
    const response = await app.inject({ method: 'POST', url: '/api/answer', payload: { question: 'And in 2021?', history } });
    const elapsed = performance.now() - started;
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<AnswerResponse>();
    const resolved = body.resolvedQuestion ?? '';
    expect(resolved).toMatch(/^What about “Qaaa a .* in 2021$/);
    expect(characters(resolved)).toBeLessThanOrEqual(requestLimits.questionChars);
    expect(resolved.includes(previousTurn)).toBe(false);
    expect(elapsed).toBeLessThan(catastrophicMs);
  });

  it('POST /v1/chat/completions answers the same conversation without the stall', async () => {
    const messages = [...history, { role: 'user', content: 'And in 2021?' }];
    const started = performance.now();
    const response = await app.inject({ method: 'POST', url: '/v1/chat/completions', payload: { messages } });
    const elapsed = performance.now() - started;
    expect(response.statusCode, response.body).toBe(200);
    const direct = (await app.inject({ method: 'POST', url: '/api/answer', payload: { question: 'And in 2021?', history } })).json<AnswerResponse>();
    expect(response.json<{ choices: Array<{ message: { content: string } }> }>().choices[0]?.message.content.startsWith(direct.answer)).toBe(true);
    expect(elapsed).toBeLessThan(catastrophicMs);
  });

  it.each([
    ['When was it founded?', /\bfounded\b/],
    ['What about it?', /\S/],
    ['What does he say about it?', /\bsay\b/],
  ])('a follow-up %j is resolved within the question limit too', async (question, keeps) => {
    const started = performance.now();
    const response = await app.inject({ method: 'POST', url: '/api/answer', payload: { question, history } });
    const elapsed = performance.now() - started;
    expect(response.statusCode, response.body).toBe(200);
    const resolved = response.json<AnswerResponse>().resolvedQuestion ?? question;
    expect(resolved).toMatch(keeps);
    expect(characters(resolved)).toBeLessThanOrEqual(requestLimits.questionChars);
    expect(elapsed).toBeLessThan(catastrophicMs);
  });
});
