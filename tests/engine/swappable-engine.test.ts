import { describe, expect, it } from 'vitest';
import { createSwappableEngine } from '../../src/engine/swappable-engine.ts';
import type { AnswerEngine, AnswerPart, AnswerResponse, EngineHealth } from '../../src/question/answer-parts.ts';

/** A fake engine (the real interface): its stream says which index it is and waits for `release` between parts. */
function fakeEngine(name: string, builtAt: string): AnswerEngine & { release: () => void } {
  let release: () => void = () => {};
  const health: EngineHealth = {
    status: 'ok',
    mode: { retrieval: 'lexical', generator: 'extractive' },
    chunkCount: 1,
    documents: 1,
    embeddingModel: null,
    llmModel: null,
    indexBuiltAt: builtAt,
  };
  const response = { answer: name } as AnswerResponse;
  return {
    async *stream(): AsyncIterable<AnswerPart> {
      yield { type: 'text-delta', text: `${name}-1` };
      await new Promise<void>((resolve) => (release = resolve));
      yield { type: 'text-delta', text: `${name}-2` };
      yield { type: 'done', response };
    },
    answer: async () => response,
    passage: () => undefined,
    health: () => health,
    release: () => release(),
  };
}

describe('createSwappableEngine', () => {
  it('an answer streaming when the index is swapped finishes on the old one; the next question gets the new one', async () => {
    const old = fakeEngine('old', '2026-01-01T00:00:00.000Z');
    const next = fakeEngine('new', '2026-02-01T00:00:00.000Z');
    const swappable = createSwappableEngine(old, 'aaaaaaaaaaaa');
    expect(swappable.engine.health()).toMatchObject({ indexVersion: 'aaaaaaaaaaaa', indexBuiltAt: '2026-01-01T00:00:00.000Z' });

    const inFlight = swappable.engine.stream({ question: 'q' })[Symbol.asyncIterator]();
    expect((await inFlight.next()).value).toEqual({ type: 'text-delta', text: 'old-1' });
    swappable.swap(next, 'bbbbbbbbbbbb');
    expect((await swappable.engine.answer({ question: 'q' })).answer).toBe('new');
    expect(swappable.engine.health()).toMatchObject({ indexVersion: 'bbbbbbbbbbbb', indexBuiltAt: '2026-02-01T00:00:00.000Z' });
    const rest = (async () => {
      const parts: AnswerPart[] = [];
      for (let part = await inFlight.next(); part.done !== true; part = await inFlight.next()) parts.push(part.value);
      return parts;
    })();
    old.release();
    expect(await rest).toEqual([
      { type: 'text-delta', text: 'old-2' },
      { type: 'done', response: { answer: 'old' } },
    ]);
  });
});
