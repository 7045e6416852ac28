import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { AnswerPart } from '../question/answer-parts.ts';
import { toPublicError } from './public-error.ts';

/** no-cache and x-accel-buffering stop proxies (nginx) from holding deltas back until the answer is done. */
export const eventStreamHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
} as const;

export function wantsEventStream(accept: string | undefined): boolean {
  return accept?.toLowerCase().includes('text/event-stream') ?? false;
}

/** JSON never contains a raw newline, so every payload fits on one `data:` line. */
export function eventFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function dataFrame(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

export interface StreamErrorOptions {
  /** Called with failures worth logging (not the client going away). */
  onError: (error: unknown) => void;
  signal: AbortSignal;
}

/**
 * Ends a stream that failed after the 200 was sent: the client gets one last frame with the same
 * code and (masked) message a JSON error would carry; nothing is sent once the client has gone.
 */
export async function* withErrorFrame(
  frames: AsyncIterable<string>,
  toFrame: (error: { code: string; message: string }) => string,
  { onError, signal }: StreamErrorOptions,
): AsyncGenerator<string> {
  try {
    yield* frames;
  } catch (error) {
    if (signal.aborted) return;
    onError(error);
    const { body } = toPublicError(error);
    yield toFrame({ code: body.code, message: body.message });
  }
}

/** The answer protocol framed as `citations` → `delta`… → `done` events (contract: DESIGN.md). */
export async function* answerEvents(parts: AsyncIterable<AnswerPart>): AsyncGenerator<string> {
  for await (const part of parts) {
    if (part.type === 'citations') yield eventFrame('citations', { citations: part.citations });
    else if (part.type === 'text-delta') yield eventFrame('delta', { text: part.text });
    else yield eventFrame('done', part.response);
  }
}

/**
 * Waits for the first item before anything is sent, so a request the engine rejects up front
 * (bad input, index unavailable) still gets a proper HTTP status instead of a 200 with an error event.
 */
export async function startStream<T>(items: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const iterator = items[Symbol.asyncIterator]();
  const first = await iterator.next();
  return {
    async *[Symbol.asyncIterator]() {
      try {
        if (first.done === true) return;
        yield first.value;
        for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
      } finally {
        // Lets the engine's own cleanup run when the client leaves early.
        await iterator.return?.();
      }
    },
  };
}

export function sendEventStream(reply: FastifyReply, frames: AsyncIterable<string>): FastifyReply {
  return reply
    .code(200)
    .headers(eventStreamHeaders)
    .send(Readable.from(frames, { objectMode: false }));
}
