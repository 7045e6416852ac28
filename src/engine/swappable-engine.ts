import type { AnswerEngine } from '../question/answer-parts.ts';

export interface SwappableEngine {
  /** The engine routes call: each call goes to the engine current when it starts. */
  engine: AnswerEngine;
  /** Serves `next` from now on; calls already running finish on the engine they started on. */
  swap(next: AnswerEngine, version: string): void;
  current(): AnswerEngine;
}

/**
 * An engine whose index can be replaced while the server runs. Every method looks up the current
 * engine once, when it is called, and works with that one to the end: an answer (or a stream) in
 * flight keeps the index it started with, the next question gets the new one. The swap is one
 * assignment, so no request ever sees half of an index.
 */
export function createSwappableEngine(initial: AnswerEngine, version?: string): SwappableEngine {
  let current = { engine: initial, version };
  return {
    engine: {
      stream: (request) => current.engine.stream(request),
      answer: (request) => current.engine.answer(request),
      passage: (id) => current.engine.passage(id),
      health: () => {
        const served = current;
        return { ...served.engine.health(), ...(served.version !== undefined ? { indexVersion: served.version } : {}) };
      },
    },
    swap(next, nextVersion) {
      current = { engine: next, version: nextVersion };
    },
    current: () => current.engine,
  };
}
