import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnswerPart, AnswerRequest, AnswerResponse } from '../question/answer-parts.ts';
import { takeLlmSlot } from './llm-limiter.ts';
import { loggedParts, logQuestion } from './log-question.ts';
import { openEventStream } from './open-event-stream.ts';
import { sendEventStream, startStream, withErrorFrame } from './sse.ts';

/** How one answering route speaks: what it sends, in JSON or as a stream, and under which name it logs. */
export interface AnswerEncoding<Json> {
  /** The question log's channel; a streamed answer is logged as `<channel>-stream`. */
  channel: 'answer' | 'chat';
  stream: boolean;
  toJson(response: AnswerResponse): Json;
  toFrames(parts: AsyncIterable<AnswerPart>): AsyncIterable<string>;
  /** The last frame of a stream that fails after its 200 was sent. */
  errorFrame(error: { code: string; message: string }): string;
  /** The server log's message for such a failure. */
  streamFailure: string;
}

/**
 * Answers on any answering route under the same limits: an LLM slot for the answer (503 when all are
 * taken) and, streamed, one of the client's stream slots too (429); both are given back however the
 * response ends. The question is logged once its answer is complete.
 */
export async function serveAnswer<Json>(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  answerRequest: AnswerRequest & { signal: AbortSignal },
  encoding: AnswerEncoding<Json>,
): Promise<Json | FastifyReply> {
  const log = (response: AnswerResponse, channel: 'answer' | 'answer-stream' | 'chat' | 'chat-stream') =>
    logQuestion(app, request, reply, answerRequest.question, response, channel);
  if (!encoding.stream) {
    const releaseLlm = takeLlmSlot(app, reply);
    let response: AnswerResponse;
    try {
      response = await app.engine.answer(answerRequest);
    } finally {
      releaseLlm();
    }
    log(response, encoding.channel);
    return encoding.toJson(response);
  }

  const releaseStream = await openEventStream(app, request, reply);
  const releaseLlm = takeLlmSlot(app, reply);
  try {
    const parts = await startStream(app.engine.stream(answerRequest));
    const logged = loggedParts(parts, (response) => log(response, `${encoding.channel}-stream`));
    const frames = withErrorFrame(encoding.toFrames(logged), encoding.errorFrame, {
      signal: answerRequest.signal,
      onError: (error) => request.log.error({ err: error }, encoding.streamFailure),
    });
    return sendEventStream(reply, frames);
  } catch (error) {
    // Before the stream started (a refused question, the index unavailable): the slots go back now.
    releaseLlm();
    releaseStream();
    throw error;
  }
}
