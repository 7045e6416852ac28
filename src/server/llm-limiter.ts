import type { FastifyInstance, FastifyReply } from 'fastify';
import { HttpError } from './http-error.ts';

/** What a refused client is told to wait: answers with an LLM take seconds, and one ends every few of them. */
export const LLM_BUSY_RETRY_AFTER_SECONDS = 5;

/**
 * Counts requests holding (or about to hold) an LLM call in this process, JSON and streamed alike,
 * on every route that answers. `max` is Infinity when no LLM is configured: extractive answers take
 * about a millisecond of CPU and are bounded by the rate limit instead.
 */
export function createLlmLimiter(max: number) {
  let active = 0;
  return {
    max,
    active: () => active,
    /** A release function (safe to call twice), or null when every slot is taken. */
    acquire(): (() => void) | null {
      if (active >= max) return null;
      active += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        active -= 1;
      };
    },
  };
}

export type LlmLimiter = ReturnType<typeof createLlmLimiter>;

/**
 * Takes one of the process's LLM slots for this request or refuses it with 503 SERVER_BUSY and
 * retry-after; the slot is given back when the response closes, however it ends. Returns the release,
 * for the JSON path (done as soon as the answer is) and failures before streaming starts.
 */
export function takeLlmSlot(app: FastifyInstance, reply: FastifyReply): () => void {
  const release = app.llmLimiter.acquire();
  if (release === null) {
    throw new HttpError(
      'SERVER_BUSY',
      `the server is answering as many questions with its language model as it may at once (${app.llmLimiter.max}); retry in ${LLM_BUSY_RETRY_AFTER_SECONDS} s`,
      { headers: { 'retry-after': String(LLM_BUSY_RETRY_AFTER_SECONDS) } },
    );
  }
  reply.raw.once('close', release);
  return release;
}
