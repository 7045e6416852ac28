import { describe, expect, it } from 'vitest';
import { createApiClient, normalizeApiBase } from '../../src/widget/api-client.ts';
import { ApiError, parseRetryAfter } from '../../src/widget/api-error.ts';

const sse = (frames: string) => new Response(frames, { status: 200, headers: { 'content-type': 'text/event-stream' } });
const done = {
  answer: '1022亿元 [1]。',
  answered: true,
  language: 'zh',
  citations: [],
  mode: { retrieval: 'lexical', generator: 'extractive' },
  timingsMs: { retrieval: 1, generation: 1, total: 2 },
};

describe('the browser API client', () => {
  it('streams deltas and resolves with the done response, which wins over the streamed text', async () => {
    const deltas: string[] = [];
    const client = createApiClient({
      apiBase: 'http://api.test/',
      fetch: async () =>
        sse(`event: citations\ndata: {"citations":[]}\n\nevent: delta\ndata: {"text":"draft"}\n\nevent: done\ndata: ${JSON.stringify(done)}\n\n`),
    });
    const response = await client.streamAnswer({ question: '问', history: [] }, { onDelta: (text) => deltas.push(text) });
    expect(deltas).toEqual(['draft']);
    expect(response.answer).toBe('1022亿元 [1]。');
  });

  it('reports the request id it sends as x-request-id (the id the server logs the question under), before any response', async () => {
    const sent: Headers[] = [];
    const ids: string[] = [];
    const client = createApiClient({
      apiBase: 'http://api.test',
      fetch: async (_input, init) => {
        sent.push(new Headers(init?.headers));
        expect(ids).toHaveLength(1);
        return new Response(`event: done\ndata: ${JSON.stringify(done)}\n\n`, { status: 200, headers: { 'content-type': 'text/event-stream' } });
      },
    });
    await client.streamAnswer({ question: '问', history: [] }, { onRequestId: (id) => ids.push(id) });
    expect(ids).toEqual([sent[0]?.get('x-request-id')]);
    expect(ids[0]).toMatch(/^[0-9a-f]{24}$/);
  });

  it('turns an error event, a 429 and a stream without done into coded ApiErrors', async () => {
    const failing = createApiClient({
      apiBase: 'http://api.test',
      fetch: async () => sse('event: error\ndata: {"code":"RAG_LLM_UNAVAILABLE","message":"later"}\n\n'),
    });
    await expect(failing.streamAnswer({ question: 'q', history: [] })).rejects.toMatchObject({ kind: 'server', code: 'RAG_LLM_UNAVAILABLE' });

    const limited = createApiClient({
      apiBase: 'http://api.test',
      fetch: async () =>
        new Response(JSON.stringify({ statusCode: 429, code: 'RATE_LIMITED', message: 'slow down' }), { status: 429, headers: { 'retry-after': '42' } }),
    });
    await expect(limited.streamAnswer({ question: 'q', history: [] })).rejects.toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 42, status: 429 });

    const cut = createApiClient({ apiBase: 'http://api.test', fetch: async () => sse('event: delta\ndata: {"text":"half"}\n\n') });
    await expect(cut.streamAnswer({ question: 'q', history: [] })).rejects.toMatchObject({ kind: 'interrupted' });
  });

  it('tells a refused origin (server answers no-cors probes) from a server that is down', async () => {
    const blocked = createApiClient({
      apiBase: 'http://api.test',
      fetch: async (_input, init) => {
        if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
        throw new TypeError('Failed to fetch');
      },
    });
    await expect(blocked.health()).rejects.toMatchObject({ kind: 'blocked' });
    const down = createApiClient({
      apiBase: 'http://api.test',
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const error = await down.health().catch((caught: unknown) => caught);
    expect(ApiError.isInstance(error) && error.kind).toBe('offline');
  });

  it('on the API’s own origin a failed fetch is a lost connection (CORS cannot apply), with the request id it sent', async () => {
    const sent: Array<string | null> = [];
    const flaky = (pageOrigin: string) =>
      createApiClient({
        apiBase: 'http://api.test',
        pageOrigin,
        fetch: async (_input, init) => {
          if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
          sent.push(new Headers(init?.headers).get('x-request-id'));
          throw new TypeError('Failed to fetch');
        },
      });
    const own = await flaky('http://api.test')
      .streamAnswer({ question: 'q', history: [] })
      .catch((caught: unknown) => caught);
    expect(own).toMatchObject({ kind: 'network' });
    expect(ApiError.isInstance(own) && own.requestId).toBe(sent[0]);
    expect(sent[0]).toMatch(/^[0-9a-f]{24}$/);
    await expect(flaky('http://partner.test').streamAnswer({ question: 'q', history: [] })).rejects.toMatchObject({ kind: 'blocked' });
  });

  it('keeps suggestions and English editions from the answer and the passage, and drops malformed ones', async () => {
    const citation = { n: 1, id: 'a#1', text: '原文', quote: '原', english: { title: 'Overview', text: 'The text.', quote: 'The' } };
    const client = createApiClient({
      apiBase: 'http://api.test',
      fetch: async (input) =>
        String(input).includes('/api/passages/')
          ? new Response(
              JSON.stringify({
                chunk: { id: 'a#1', text: '原文', title: 't', section: [], year: 2020 },
                document: { title: { zh: '文', en: 'Doc' } },
                english: { title: 'Overview', text: 'The text.' },
              }),
            )
          : sse(
              `event: done\ndata: ${JSON.stringify({ ...done, citations: [citation, { ...citation, n: 2, english: 'no' }], suggestions: ['Next?', 3, ''] })}\n\n`,
            ),
    });
    const response = await client.streamAnswer({ question: 'q', history: [] });
    expect(response.suggestions).toEqual(['Next?']);
    expect(response.citations[0]?.english).toEqual({ title: 'Overview', text: 'The text.', quote: 'The' });
    expect(response.citations[1]?.english).toBeUndefined();
    expect((await client.passage('a#1')).english).toEqual({ title: 'Overview', text: 'The text.' });
  });

  it('sends no cookies and URL-encodes passage ids', async () => {
    const seen: Array<{ url: string; credentials: RequestCredentials | undefined }> = [];
    const client = createApiClient({
      apiBase: 'http://api.test',
      fetch: async (input, init) => {
        seen.push({ url: String(input), credentials: init?.credentials });
        return new Response(
          JSON.stringify({ chunk: { id: 'a#1', text: '原文', title: 't', section: [], year: 2020 }, document: { title: { zh: '文', en: 'Doc' } } }),
          { status: 200 },
        );
      },
    });
    expect(await client.passage('a#1')).toMatchObject({ id: 'a#1', text: '原文', documentTitle: { zh: '文', en: 'Doc' } });
    expect(seen).toEqual([{ url: 'http://api.test/api/passages/a%231', credentials: 'omit' }]);
  });

  it('normalises the API base and reads retry-after in seconds or as a date', () => {
    expect(normalizeApiBase(' https://qa.example.com/prefix// ')).toBe('https://qa.example.com/prefix');
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter(new Date(1_000_000 + 30_000).toUTCString(), 1_000_000)).toBe(30);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
