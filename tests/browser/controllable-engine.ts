import type { AnswerEngine, AnswerPart, AnswerRequest, AnswerResponse, Citation, EnglishEdition } from '../../src/question/answer-parts.ts';

/**
 * What a browser test can change between requests. Every field applies to the next request only
 * as it is read (tests set them before asking).
 */
export interface EngineControls {
  /** Wait this long before each text delta (lets a test press Stop mid-answer). */
  deltaDelayMs: number;
  /** Throw a plain Error (a 500 for the client) instead of answering. */
  fail: boolean;
  /** Rewrites the answer text (e.g. into a list with bold figures); sent as one delta. */
  rewrite: ((answer: string) => string) | undefined;
  /** Follow-up questions to add to the response (the bilingual knowledge base's, once the real engine sends them). */
  suggestions: ((response: AnswerResponse, request: AnswerRequest) => string[]) | undefined;
  /** An English edition per passage (likewise), for citations and GET /api/passages/:id. */
  english: ((citation: Pick<Citation, 'id' | 'text' | 'quote' | 'title'>) => EnglishEdition | undefined) | undefined;
}

/** What the server side saw, to prove a Stop in the browser reached the engine. */
export interface EngineProbe {
  requests: number;
  /** The request signal of the latest request. */
  lastSignal: AbortSignal | undefined;
  /** Whether the latest request's stream ran to its `done` part. */
  lastCompleted: boolean;
  /** Whether the latest request's stream ended (finally ran) at all. */
  lastEnded: boolean;
}

const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * The real engine (real retrieval, real answers) behind the real `AnswerEngine` interface, with what
 * the browser tests need on top: slow deltas, failures, rewritten answers, and the `suggestions` /
 * `english` fields of the API contract overridden where a test needs its own.
 */
export function controllableEngine(real: AnswerEngine): { engine: AnswerEngine; controls: EngineControls; probe: EngineProbe } {
  const controls: EngineControls = { deltaDelayMs: 0, fail: false, rewrite: undefined, suggestions: undefined, english: undefined };
  const probe: EngineProbe = { requests: 0, lastSignal: undefined, lastCompleted: false, lastEnded: false };

  const enrich = (citation: Citation): Citation => {
    const english = controls.english?.(citation);
    return english !== undefined ? { ...citation, english } : citation;
  };
  const citationsOf = (citations: Citation[]): Citation[] => citations.map(enrich);
  const finish = (response: AnswerResponse, request: AnswerRequest): AnswerResponse => {
    // Undefined: the real engine's suggestions; a function: these instead (none when it returns []).
    const suggestions = controls.suggestions === undefined ? response.suggestions : controls.suggestions(response, request);
    const { suggestions: _real, ...rest } = response;
    return {
      ...rest,
      answer: controls.rewrite !== undefined ? controls.rewrite(response.answer) : response.answer,
      citations: citationsOf(response.citations),
      ...(suggestions !== undefined && suggestions.length > 0 ? { suggestions } : {}),
    };
  };

  async function* stream(request: AnswerRequest): AsyncGenerator<AnswerPart> {
    probe.requests += 1;
    probe.lastSignal = request.signal;
    probe.lastCompleted = false;
    probe.lastEnded = false;
    try {
      if (controls.fail) throw new Error('the engine broke (test)');
      const rewrite = controls.rewrite;
      for await (const part of real.stream(request)) {
        request.signal?.throwIfAborted();
        if (part.type === 'citations') yield { type: 'citations', citations: citationsOf(part.citations) };
        else if (part.type === 'text-delta') {
          if (controls.deltaDelayMs > 0) await sleep(controls.deltaDelayMs, request.signal);
          request.signal?.throwIfAborted();
          if (rewrite === undefined) yield part;
        } else {
          const response = finish(part.response, request);
          if (rewrite !== undefined) yield { type: 'text-delta', text: response.answer };
          probe.lastCompleted = true;
          yield { type: 'done', response };
        }
      }
    } finally {
      probe.lastEnded = true;
    }
  }

  const engine: AnswerEngine = {
    stream,
    async answer(request) {
      if (controls.fail) throw new Error('the engine broke (test)');
      return finish(await real.answer(request), request);
    },
    passage(id) {
      const view = real.passage(id);
      if (view === undefined) return undefined;
      const english = controls.english?.({ id, text: view.chunk.text, quote: '', title: view.chunk.title });
      return english !== undefined ? { ...view, english: { title: english.title, text: english.text } } : view;
    },
    health: () => real.health(),
  };
  return { engine, controls, probe };
}
