import type { AIMessageChunk } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import { RagError } from '../errors.ts';
import { buildPrompt, loadPromptTemplates } from './build-prompt.ts';
import type { GenerateInput, Generator } from './generator.ts';

export interface LlmGeneratorOptions {
  /** An OpenAI-compatible base URL including its version path, e.g. `http://127.0.0.1:11434/v1`. */
  baseUrl: string;
  /** May be empty for local servers (Ollama, vLLM). */
  apiKey?: string | undefined;
  model: string;
  /** Overall deadline for one answer, from request to last token. */
  timeoutMs: number;
  /** Longest silence allowed between tokens once the answer has started. Defaults to min(timeoutMs, 10 s). */
  stallTimeoutMs?: number | undefined;
  temperature?: number | undefined;
  promptsDir?: string | undefined;
}

// The OpenAI client refuses to start without a key; local servers ignore whatever is sent.
const placeholderApiKey = 'not-needed';

/**
 * A generator backed by any OpenAI-compatible chat-completions server. Every failure surfaces as
 * `RAG_LLM_UNAVAILABLE` with a one-line message safe to log or show, so the engine can fall back to the
 * extractive answer; a caller abort surfaces as `RAG_ABORTED` because nobody is waiting for a fallback.
 */
export function createLlmGenerator({
  baseUrl,
  apiKey,
  model,
  timeoutMs,
  stallTimeoutMs = Math.min(timeoutMs, 10_000),
  temperature = 0,
  promptsDir,
}: LlmGeneratorOptions): Generator {
  // A missing or broken template should stop the server at start, not turn every answer into a fallback.
  const prompts = loadPromptTemplates(promptsDir);
  const chat = new ChatOpenAI({
    model,
    apiKey: apiKey === undefined || apiKey === '' ? placeholderApiKey : apiKey,
    // The SDK would print its own parse errors to stderr; we turn every failure into one coded error instead.
    configuration: { baseURL: baseUrl, logLevel: 'off' },
    temperature,
    streaming: true,
    // LangChain's own caller retries 6 times with backoff by default (a 500 took ~2 minutes); we fall back instead.
    maxRetries: 0,
    // `stream_options.include_usage` is rejected by some older local servers and we do not use the counts.
    streamUsage: false,
  });

  return {
    kind: 'llm',
    model,
    prompts,
    generate: (input) => streamAnswer(chat, input, { timeoutMs, stallTimeoutMs, promptsDir }),
  };
}

async function* streamAnswer(
  chat: ChatOpenAI,
  input: GenerateInput,
  { timeoutMs, stallTimeoutMs, promptsDir }: { timeoutMs: number; stallTimeoutMs: number; promptsDir: string | undefined },
): AsyncGenerator<string> {
  const messages = buildPrompt(input, { promptsDir });
  // One controller for every way this answer can end early; its reason is the error we throw.
  const controller = new AbortController();
  const stop = (error: RagError) => {
    if (!controller.signal.aborted) controller.abort(error);
  };
  // The SDK's own `timeout` only covers the wait for response headers, not a stream that goes silent,
  // so both deadlines are enforced here instead.
  const overall = setTimeout(() => stop(unavailable(`LLM timed out after ${timeoutMs} ms`)), timeoutMs);
  let stall: ReturnType<typeof setTimeout> | undefined;
  const onCallerAbort = () => stop(new RagError('RAG_ABORTED', 'the request was aborted'));
  input.signal?.addEventListener('abort', onCallerAbort, { once: true });
  if (input.signal?.aborted) onCallerAbort();
  // Racing every await against this guarantees no hang even if the HTTP stack ignores the abort.
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => undefined);

  let iterator: AsyncIterator<AIMessageChunk> | undefined;
  let started = false;
  try {
    const stream = await race(chat.stream(messages, { signal: controller.signal }), aborted);
    iterator = stream[Symbol.asyncIterator]();
    for (;;) {
      // Armed only while waiting for the server: a slow consumer between yields is not a stalled server.
      if (started) stall = setTimeout(() => stop(unavailable(`LLM stream stalled: no data for ${stallTimeoutMs} ms`)), stallTimeoutMs);
      const step = await race(iterator.next(), aborted);
      clearTimeout(stall);
      if (step.done === true) break;
      const text = step.value.text;
      if (text === '') continue;
      started = true;
      yield text;
    }
  } catch (error) {
    throw toRagError(controller.signal.aborted ? controller.signal.reason : error);
  } finally {
    clearTimeout(overall);
    clearTimeout(stall);
    input.signal?.removeEventListener('abort', onCallerAbort);
    // Also runs when the consumer stops early: cancels the HTTP request instead of letting it finish unread.
    if (!controller.signal.aborted) controller.abort();
    iterator?.return?.().catch(() => undefined);
  }
  // A 200 whose body has no SSE events (an HTML page, a proxy's error) parses as an empty stream.
  if (!started) throw unavailable('LLM returned no text (empty or malformed response)');
}

function race<T>(promise: Promise<T>, aborted: Promise<never>): Promise<T> {
  // The loser of the race may still reject later; that must not become an unhandled rejection.
  promise.catch(() => undefined);
  return Promise.race([promise, aborted]);
}

function unavailable(message: string, cause?: unknown): RagError {
  return new RagError('RAG_LLM_UNAVAILABLE', message, cause === undefined ? undefined : { cause });
}

/** Maps whatever the OpenAI SDK, LangChain or undici threw to a coded error with a safe one-line message. */
export function toRagError(error: unknown): RagError {
  if (RagError.isInstance(error)) return error;
  const chain = causeChain(error);
  const status = chain.map((item) => item.status).find((value) => typeof value === 'number');
  if (typeof status === 'number') return unavailable(`LLM server answered HTTP ${status}${statusHint(status)}`, error);
  const codes = new Set(chain.map((item) => item.code).filter((code): code is string => typeof code === 'string'));
  const names = new Set(chain.flatMap((item) => item.names));
  const messages = chain.map((item) => item.message).join(' ');
  if (names.has('TimeoutError')) return unavailable('LLM timed out', error);
  if (codes.has('ECONNREFUSED')) return unavailable('could not connect to the LLM server (connection refused)', error);
  if (codes.has('ENOTFOUND') || codes.has('EAI_AGAIN')) return unavailable('could not connect to the LLM server (host not found)', error);
  if (codes.has('UND_ERR_SOCKET') || codes.has('ECONNRESET') || /terminated|other side closed/i.test(messages)) {
    return unavailable('the LLM server closed the connection mid-answer', error);
  }
  if (names.has('SyntaxError') || /JSON/.test(messages)) return unavailable('the LLM server sent a malformed response', error);
  if (names.has('APIConnectionError') || /Connection error/i.test(messages)) return unavailable('could not connect to the LLM server', error);
  return unavailable(`LLM request failed (${chain[0]?.names[0] ?? 'unknown error'})`, error);
}

function statusHint(status: number): string {
  if (status === 401 || status === 403) return ' (check LLM_API_KEY)';
  if (status === 404) return ' (check LLM_BASE_URL and LLM_MODEL)';
  if (status === 429) return ' (rate limited)';
  return '';
}

interface ErrorFacts {
  /** `name` and constructor name: the SDK's classes (APIConnectionError) keep `name` = "Error". */
  names: string[];
  message: string;
  code: unknown;
  status: unknown;
}

function causeChain(error: unknown): ErrorFacts[] {
  const chain: ErrorFacts[] = [];
  let current: unknown = error;
  // Bounded: a cyclic cause chain must not loop forever.
  while (typeof current === 'object' && current !== null && chain.length < 8) {
    const record = current as Record<string, unknown>;
    chain.push({
      names: [String(record.name), current.constructor?.name ?? ''],
      message: typeof record.message === 'string' ? record.message : '',
      code: record.code,
      status: record.status,
    });
    current = record.cause;
  }
  return chain;
}
