import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';

/** What `npm run enrich` needs of an LLM: one system + user message in, the reply's text out. */
export interface EnrichmentModel {
  readonly model: string;
  complete(messages: { system: string; user: string }): Promise<string>;
}

export interface EnrichmentModelOptions {
  /** An OpenAI-compatible base URL including its version path, e.g. `https://api.deepseek.com/v1`. */
  baseUrl: string;
  apiKey?: string | undefined;
  model: string;
  /** Deadline for one reply: a batch of passages is a long answer, so this is longer than an answer's. */
  timeoutMs: number;
}

// The OpenAI client refuses to start without a key; local servers ignore whatever is sent.
const placeholderApiKey = 'not-needed';

/** The configured OpenAI-compatible chat model, built the way src/generation/llm-generator.ts builds it. */
export function createEnrichmentModel({ baseUrl, apiKey, model, timeoutMs }: EnrichmentModelOptions): EnrichmentModel {
  const chat = new ChatOpenAI({
    model,
    apiKey: apiKey === undefined || apiKey === '' ? placeholderApiKey : apiKey,
    // The SDK would print its own parse errors to stderr; a failed call is reported once, by the caller.
    configuration: { baseURL: baseUrl, logLevel: 'off' },
    temperature: 0,
    // Our own retry loop feeds the checks' findings back; LangChain's blind retries would only add minutes.
    maxRetries: 0,
  });
  return {
    model,
    async complete({ system, user }) {
      try {
        const reply = await chat.invoke([new SystemMessage(system), new HumanMessage(user)], { signal: AbortSignal.timeout(timeoutMs) });
        return reply.text;
      } catch (error) {
        throw new Error(describeFailure(error, timeoutMs), { cause: error });
      }
    },
  };
}

/** One line saying why the call failed (status, timeout, connection), safe to print. */
function describeFailure(error: unknown, timeoutMs: number): string {
  const record = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; status?: unknown; message?: unknown };
  if (typeof record.status === 'number') return `the LLM server answered HTTP ${record.status}`;
  if (record.name === 'TimeoutError' || record.name === 'AbortError') return `the LLM did not answer within ${timeoutMs} ms`;
  const message = typeof record.message === 'string' ? record.message.split('\n')[0]?.slice(0, 160) : String(error);
  return `the LLM call failed: ${message}`;
}
