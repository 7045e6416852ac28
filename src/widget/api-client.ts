import type { AnswerMode, AnswerResponse, ChatTurn, Citation } from '../question/answer-parts.ts';
import { ApiError, parseRetryAfter } from './api-error.ts';
import { randomId } from './chat-turn.ts';
import { readEventStream } from './read-event-stream.ts';
import { toAnswerMode, toAnswerResponse, toCitations, toErrorBody, toPassageDetails, type PassageDetails } from './to-answer-response.ts';

export interface AnswerHandlers {
  onCitations?: (citations: Citation[]) => void;
  onDelta?: (text: string) => void;
  /**
   * The answer's `x-request-id` (a response header the server exposes to partner origins): the server logs
   * the question under it, so feedback naming it as `answerId` is linked to the question in the insights.
   * Read from the response rather than sent, so the request needs no header a partner's CORS might refuse.
   */
  onRequestId?: (id: string) => void;
  signal?: AbortSignal;
}

export interface FeedbackInput {
  question: string;
  answer: string;
  rating: 'up' | 'down';
  comment?: string;
  citations?: string[];
  answerId?: string;
}

export interface ApiClient {
  readonly apiBase: string;
  /** Streams one answer; resolves with the `done` response, which is authoritative over the streamed text. */
  streamAnswer(request: { question: string; history: ChatTurn[] }, handlers?: AnswerHandlers): Promise<AnswerResponse>;
  health(signal?: AbortSignal): Promise<{ mode: AnswerMode }>;
  passage(id: string, signal?: AbortSignal): Promise<PassageDetails>;
  feedback(input: FeedbackInput): Promise<void>;
}

export interface ApiClientOptions {
  /** `https://host` or `https://host/prefix`; empty for the page's own origin. */
  apiBase: string;
  fetch?: typeof fetch;
  /** How long the reachability probe after a network error may take. */
  probeTimeoutMs?: number;
  /** The page's origin: when it is the API's own, a failed request cannot be a CORS refusal. */
  pageOrigin?: string;
}

/** Without a trailing slash, so paths can be appended as they are. */
export function normalizeApiBase(apiBase: string): string {
  return apiBase.trim().replace(/\/+$/, '');
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (error instanceof DOMException && error.name === 'AbortError');
}

/** Reads the error body and status of a failed response into an ApiError. */
async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: ReturnType<typeof toErrorBody>;
  try {
    body = toErrorBody(await response.json());
  } catch {
    body = undefined;
  }
  const details = { status: response.status, ...(body?.code !== undefined ? { code: body.code } : {}) };
  if (response.status === 429) {
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
    return new ApiError('rate-limited', body?.message ?? 'too many requests', {
      ...details,
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    });
  }
  return new ApiError('server', body?.message ?? `HTTP ${response.status}`, details);
}

/**
 * The browser's side of the HTTP API (DESIGN.md), shared by the chat page and the widget. Never sends
 * cookies: the API needs none, and a partner page's cookies for our host are none of our business.
 */
export function createApiClient({
  apiBase,
  fetch: fetchImpl = globalThis.fetch.bind(globalThis),
  probeTimeoutMs = 4000,
  pageOrigin = globalThis.location?.origin,
}: ApiClientOptions): ApiClient {
  const base = normalizeApiBase(apiBase);
  let sameOrigin = false;
  try {
    sameOrigin = pageOrigin !== undefined && new URL(base || pageOrigin, pageOrigin).origin === pageOrigin;
  } catch {
    // An unparsable base is never the page's own origin.
  }

  /**
   * A failed fetch hides why (network down and CORS refusal look the same to scripts). A no-cors request
   * gets an opaque response if the server is up, which tells a refused origin from a dead server.
   */
  async function diagnose(error: unknown): Promise<ApiError> {
    try {
      await fetchImpl(`${base}/api/health`, { mode: 'no-cors', credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(probeTimeoutMs) });
      // On its own origin the browser applies no CORS: the server is up, so the request was lost on the way.
      if (sameOrigin) return new ApiError('network', 'the request failed although the answer service is up', { cause: error });
      return new ApiError('blocked', 'the answer service refused this origin (CORS)', { cause: error });
    } catch {
      return new ApiError('offline', 'the answer service cannot be reached', { cause: error });
    }
  }

  async function request(path: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, { ...init, credentials: 'omit', mode: 'cors' });
    } catch (error) {
      if (isAbort(error, init.signal ?? undefined)) throw error;
      throw await diagnose(error);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  async function json(response: Response): Promise<unknown> {
    try {
      return await response.json();
    } catch (error) {
      throw new ApiError('server', 'the response is not valid JSON', { status: response.status, cause: error });
    }
  }

  async function streamAnswer(
    { question, history }: { question: string; history: ChatTurn[] },
    { onCitations = () => {}, onDelta = () => {}, signal }: AnswerHandlers,
    requestId: string,
  ): Promise<AnswerResponse> {
    const response = await request('/api/answer', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-request-id': requestId },
      body: JSON.stringify({ question, ...(history.length > 0 ? { history } : {}) }),
      ...(signal !== undefined ? { signal } : {}),
    });
    // A proxy that drops the event stream still leaves a usable JSON answer.
    if (!(response.headers.get('content-type') ?? '').includes('text/event-stream') || response.body === null) {
      const answer = toAnswerResponse(await json(response));
      if (answer === undefined) throw new ApiError('server', 'the response is not an answer', { status: response.status });
      onCitations(answer.citations);
      onDelta(answer.answer);
      return answer;
    }
    try {
      for await (const { event, data } of readEventStream(response.body)) {
        let payload: unknown;
        try {
          payload = JSON.parse(data);
        } catch {
          continue; // not ours (e.g. a proxy's keep-alive); the contract puts JSON in every data line
        }
        if (event === 'citations') onCitations(toCitations((payload as { citations?: unknown } | null)?.citations));
        else if (event === 'delta') {
          const text = (payload as { text?: unknown } | null)?.text;
          if (typeof text === 'string') onDelta(text);
        } else if (event === 'done') {
          const answer = toAnswerResponse(payload);
          if (answer !== undefined) return answer;
        } else if (event === 'error') {
          const body = toErrorBody(payload);
          throw new ApiError('server', body?.message ?? 'the answer failed', { ...(body?.code !== undefined ? { code: body.code } : {}) });
        }
      }
    } catch (error) {
      if (ApiError.isInstance(error) || isAbort(error, signal)) throw error;
      throw new ApiError('interrupted', 'the answer stream broke off', { cause: error });
    }
    throw new ApiError('interrupted', 'the answer stream ended before its done event');
  }

  return {
    apiBase: base,

    async streamAnswer(body, handlers = {}) {
      // Our own id (the server keeps it, see request-id.ts) is known even when no response ever arrives.
      const requestId = randomId();
      // The server logs the question under this id; feedback names it to link the two.
      handlers.onRequestId?.(requestId);
      try {
        return await streamAnswer(body, handlers, requestId);
      } catch (error) {
        if (!ApiError.isInstance(error)) throw error;
        const { kind, message, status, code, retryAfterSeconds } = error;
        throw new ApiError(kind, message, {
          requestId,
          cause: error,
          ...(status !== undefined ? { status } : {}),
          ...(code !== undefined ? { code } : {}),
          ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
        });
      }
    },

    async health(signal) {
      const mode = toAnswerMode(((await json(await request('/api/health', signal !== undefined ? { signal } : {}))) as { mode?: unknown } | null)?.mode);
      if (mode === undefined) throw new ApiError('server', 'the health response has no mode');
      return { mode };
    },

    async passage(id, signal) {
      // Ids contain `#`, which would otherwise start the URL's fragment.
      const response = await request(`/api/passages/${encodeURIComponent(id)}`, signal !== undefined ? { signal } : {});
      const passage = toPassageDetails(await json(response));
      if (passage === undefined) throw new ApiError('server', 'the passage response has no passage');
      return passage;
    },

    async feedback(input) {
      await request('/api/feedback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
    },
  };
}
