import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealService, type RealService } from '../server/real-engine.ts';

/**
 * Inputs the fuzz tests found that the engine could not handle, kept as regression tests.
 *
 * "constructor": src/retrieval/bridge-query.ts looked English phrases up with `cedict.entries[key]` on a
 * plain object, so the word found `Object.prototype.constructor` (a function) and the bridge threw
 * "general is not iterable": any English question with that word was a 500 (fixed in faf0d86).
 */
let service: RealService;
beforeAll(async () => {
  service = await startRealService();
});
afterAll(() => service.close());

describe('English questions that contain an Object.prototype name', () => {
  it.each(['constructor', 'Which constructor built Suzhou Nano City?'])('the engine answers %j instead of throwing', async (question) => {
    const response = await service.engine.answer({ question });
    expect(typeof response.answer).toBe('string');
  });

  it('POST /api/answer {"question":"constructor"} is a 200, not a 500', async () => {
    const app = await service.app();
    const response = await app.inject({ method: 'POST', url: '/api/answer', payload: { question: 'What is the constructor of the park?' } });
    expect(response.statusCode, response.body).toBe(200);
  });
});
