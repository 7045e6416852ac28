import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RagError } from '../../src/errors.ts';
import type { AnswerEngine, AnswerPart, AnswerResponse } from '../../src/question/answer-parts.ts';
import { markers, parseSse, startRealService, type RealService } from './real-engine.ts';

const zhQuestion = '2020年园区三大新兴产业企业总计多少家？';
const enQuestion = 'How many companies were in the three emerging industries in 2020?';

let service: RealService;
beforeAll(async () => {
  service = await startRealService();
});
afterAll(() => service.close());

function expectCitationsMatchMarkers(response: AnswerResponse): void {
  const cited = new Set(markers(response.answer));
  const numbers = new Set(response.citations.map((citation) => citation.n));
  expect([...cited].sort()).toEqual([...numbers].sort());
}

describe('POST /api/answer (JSON)', () => {
  it('answers a Chinese question with the contract fields and matching [n] citations', async () => {
    const app = await service.app();
    const response = await app.inject({ method: 'POST', url: '/api/answer', payload: { question: zhQuestion } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = response.json<AnswerResponse>();
    expect(Object.keys(body).sort()).toEqual(['answer', 'answered', 'citations', 'language', 'mode', 'suggestions', 'timingsMs']);
    expect(body).toMatchObject({ answered: true, language: 'zh', mode: { retrieval: 'lexical', generator: 'extractive' } });
    expect(body.answer).toContain('3150');
    expect(body.citations.length).toBeGreaterThan(0);
    expectCitationsMatchMarkers(body);
    for (const citation of body.citations) {
      expect(Object.keys(citation).sort()).toEqual(['docId', 'documentTitle', 'english', 'id', 'n', 'quote', 'score', 'section', 'text', 'title', 'year']);
      expect(citation.text).toContain(citation.quote.slice(0, 10));
      expect(citation.documentTitle.zh).not.toBe('');
    }
    expect(body.timingsMs.total).toBeGreaterThanOrEqual(0);
  });

  it('answers an English question in English, citations matching markers', async () => {
    const app = await service.app();
    const body = (await app.inject({ method: 'POST', url: '/api/answer', payload: { question: enQuestion, topK: 5 } })).json<AnswerResponse>();
    expect(body.language).toBe('en');
    expect(body.answered).toBe(true);
    expectCitationsMatchMarkers(body);
  });

  it('answers a question in traditional characters in them, language zh-Hant (issue 17), as the OpenAPI contract says', async () => {
    const app = await service.app();
    const body = (
      await app.inject({ method: 'POST', url: '/api/answer', payload: { question: '2020年園區三大新興產業企業總計多少家？' } })
    ).json<AnswerResponse>();
    expect(body.language).toBe('zh-Hant');
    expect(body.answer).toContain('3150家');
    expect(body.answer).toContain('園區');
    expect(body.answer).not.toMatch(/[园业区]/);
    expectCitationsMatchMarkers(body);
    const spec = (await app.inject({ method: 'GET', url: '/docs/json' })).json<{ components?: unknown; paths: unknown }>();
    expect(JSON.stringify(spec)).toContain('"enum":["zh","zh-Hant","en"]');
  });

  it('says politely that the documents do not answer, with status 200', async () => {
    const app = await service.app();
    const response = await app.inject({ method: 'POST', url: '/api/answer', payload: { question: '园区有多少只大熊猫？' } });
    expect(response.statusCode).toBe(200);
    const body = response.json<AnswerResponse>();
    expect(body.answered).toBe(false);
    expectCitationsMatchMarkers(body);
  });

  it('keeps notice and resolvedQuestion (the response schema must not strip them)', async () => {
    const real = service.engine;
    const engine: AnswerEngine = {
      ...real,
      answer: async (request) => ({ ...(await real.answer(request)), notice: 'LLM unavailable; extractive answer', resolvedQuestion: 'standalone?' }),
    };
    const app = await service.app({}, { engine });
    const body = (await app.inject({ method: 'POST', url: '/api/answer', payload: { question: zhQuestion } })).json<AnswerResponse>();
    expect(body.notice).toBe('LLM unavailable; extractive answer');
    expect(body.resolvedQuestion).toBe('standalone?');
    expect(body.citations[0]?.documentTitle).toEqual({ zh: '苏州工业园区年鉴 · 新兴产业', en: 'SIP Yearbook: Emerging Industries' });
  });

  it("an English answer over HTTP carries each citation's English edition and the suggestions, through the response schema", async () => {
    const app = await service.app();
    const question = "What was the output value of SIP's nanotechnology industry in 2020?";
    const body = (await app.inject({ method: 'POST', url: '/api/answer', payload: { question } })).json<AnswerResponse>();
    expect(body.answer).not.toContain('Source text');
    expect(body.citations[0]?.english).toEqual(JSON.parse(JSON.stringify((await service.engine.answer({ question })).citations[0]?.english)));
    expect(body.citations[0]?.english?.quote).toContain('101 billion yuan');
    expect(body.suggestions?.length).toBeGreaterThan(0);
  });

  it('passes history through for follow-up questions', async () => {
    const app = await service.app();
    const response = await app.inject({
      method: 'POST',
      url: '/api/answer',
      payload: {
        question: '那纳米技术应用产业呢？',
        history: [
          { role: 'user', content: '2020年园区生物医药产业产值是多少？' },
          { role: 'assistant', content: '2020年园区生物医药产业实现产值1022亿元 [1]。' },
        ],
      },
    });
    expect(response.statusCode).toBe(200);
    expectCitationsMatchMarkers(response.json<AnswerResponse>());
  });

  it('names every response with x-request-id and keeps a sane incoming one', async () => {
    const app = await service.app();
    const generated = await app.inject({ method: 'GET', url: '/api/health' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'proxy-123' } });
    expect(kept.headers['x-request-id']).toBe('proxy-123');
    const replaced = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(replaced.headers['x-request-id']).not.toBe('bad id\twith spaces');
  });
});

describe('POST /api/answer (SSE)', () => {
  it('streams citations → delta… → done, framed exactly, with the stream headers', async () => {
    const app = await service.app();
    const response = await app.inject({ method: 'POST', url: '/api/answer', headers: { accept: 'text/event-stream' }, payload: { question: zhQuestion } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['x-accel-buffering']).toBe('no');
    expect(response.headers['connection']).toBe('keep-alive');
    expect(response.headers['x-request-id']).toBeDefined();

    const events = parseSse(response.body);
    const names = events.map((event) => event.event);
    expect(names[0]).toBe('citations');
    expect(names.at(-1)).toBe('done');
    expect(names.slice(1, -1).length).toBeGreaterThan(0);
    expect(new Set(names.slice(1, -1))).toEqual(new Set(['delta']));

    const citations = JSON.parse(events[0]?.data ?? '') as { citations: unknown[] };
    expect(Object.keys(citations)).toEqual(['citations']);
    const deltas = events.slice(1, -1).map((event) => JSON.parse(event.data) as { text: string });
    for (const delta of deltas) expect(Object.keys(delta)).toEqual(['text']);
    const done = JSON.parse(events.at(-1)?.data ?? '') as AnswerResponse;
    expect(deltas.map((delta) => delta.text).join('')).toBe(done.answer);
    expectCitationsMatchMarkers(done);

    const json = (await app.inject({ method: 'POST', url: '/api/answer', payload: { question: zhQuestion } })).json<AnswerResponse>();
    expect({ ...done, timingsMs: null }).toEqual({ ...json, timingsMs: null });
  });

  it('ends with one error event (masked, no paths) when the engine fails mid-stream', async () => {
    const real = service.engine;
    const failing = (error: Error): AnswerEngine => ({
      ...real,
      async *stream(request) {
        for await (const part of real.stream(request)) {
          yield part;
          if (part.type === 'citations') throw error;
        }
      },
    });
    for (const [error, code, message] of [
      [new Error('ENOENT: /srv/secret/index/chunks.jsonl'), 'INTERNAL_ERROR', 'Internal Server Error'],
      [
        new RagError('RAG_LLM_UNAVAILABLE', 'fetch https://llm.internal:8080 failed'),
        'RAG_LLM_UNAVAILABLE',
        'The language model did not answer; please try again later.',
      ],
    ] as const) {
      const app = await service.app({}, { engine: failing(error) });
      const response = await app.inject({ method: 'POST', url: '/api/answer', headers: { accept: 'text/event-stream' }, payload: { question: zhQuestion } });
      expect(response.statusCode).toBe(200);
      const events = parseSse(response.body);
      expect(events.map((event) => event.event)).toEqual(['citations', 'error']);
      expect(JSON.parse(events[1]?.data ?? '')).toEqual({ code, message });
      expect(response.body).not.toMatch(/srv|secret|internal:8080|at .*\.ts/);
    }
  });

  it('answers an up-front engine failure with an HTTP error, not a 200 stream', async () => {
    const engine: AnswerEngine = {
      ...service.engine,
      async *stream() {
        throw new RagError('RAG_INDEX_MISSING', 'No index found in /srv/index. Run npm run ingest');
      },
    };
    const app = await service.app({}, { engine });
    const response = await app.inject({ method: 'POST', url: '/api/answer', headers: { accept: 'text/event-stream' }, payload: { question: zhQuestion } });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      statusCode: 503,
      code: 'RAG_INDEX_MISSING',
      error: 'Service Unavailable',
      message: 'The search index is not available; the operator has to rebuild it.',
    });
  });

  it('limits concurrent streams per client (429 TOO_MANY_STREAMS) and frees the slots afterwards', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const real = service.engine;
    const engine: AnswerEngine = {
      ...real,
      async *stream(request) {
        await gate;
        yield* real.stream(request);
      },
    };
    const app = await service.app({}, { engine, maxStreamsPerClient: 2 });
    const ask = () => app.inject({ method: 'POST', url: '/api/answer', headers: { accept: 'text/event-stream' }, payload: { question: zhQuestion } });
    const first = ask();
    const second = ask();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const third = await ask();
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({ code: 'TOO_MANY_STREAMS', message: expect.stringContaining('at most 2') });
    open();
    expect((await first).statusCode).toBe(200);
    expect((await second).statusCode).toBe(200);
    expect(app.streamLimiter.openStreams('127.0.0.1')).toBe(0);
    expect((await ask()).statusCode).toBe(200);
  });

  it('aborts the engine when the client goes away mid-stream', async () => {
    const real = service.engine;
    let seen: AbortSignal | undefined;
    const engine: AnswerEngine = {
      ...real,
      async *stream(request) {
        seen = request.signal;
        const parts: AnswerPart[] = [];
        for await (const part of real.stream(request)) parts.push(part);
        yield parts[0] as AnswerPart;
        // A slow generator: waits until it is told to stop.
        await new Promise<void>((resolve) => request.signal?.addEventListener('abort', () => resolve(), { once: true }));
        request.signal?.throwIfAborted();
      },
    };
    const app = await service.app({}, { engine });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const client = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/api/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ question: zhQuestion }),
      signal: client.signal,
    });
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toMatch(/^event: citations\n/);
    client.abort();
    await expect.poll(() => seen?.aborted, { timeout: 2000 }).toBe(true);
    await expect.poll(() => app.streamLimiter.openStreams('127.0.0.1'), { timeout: 2000 }).toBe(0);
  });

  it('lets an in-flight stream finish when the app closes (graceful shutdown), refusing new connections', async () => {
    const real = service.engine;
    const engine: AnswerEngine = {
      ...real,
      async *stream(request) {
        for await (const part of real.stream(request)) {
          await new Promise((resolve) => setTimeout(resolve, 150));
          yield part;
        }
      },
    };
    const app = await service.app({}, { engine });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const streaming = fetch(`http://127.0.0.1:${port}/api/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ question: zhQuestion }),
    }).then((response) => response.text());
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closed = app.close();
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
    const events = parseSse(await streaming);
    expect(events.at(-1)?.event).toBe('done');
    await closed;
  });
});
