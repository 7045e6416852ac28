import type { FastifyInstance } from 'fastify';
import type { AnswerRequest } from '../../question/answer-parts.ts';
import { disconnectSignal } from '../disconnect-signal.ts';
import { answerRequestSchema, answerResponseSchema, type AnswerRequestBody } from '../schemas/answer.ts';
import { answeringRouteOptions } from '../answering-route-options.ts';
import { serveAnswer } from '../serve-answer.ts';
import { answerEvents, eventFrame, wantsEventStream } from '../sse.ts';

export function toAnswerRequest(body: AnswerRequestBody, signal: AbortSignal): AnswerRequest & { signal: AbortSignal } {
  return {
    question: body.question.trim(),
    signal,
    ...(body.history !== undefined ? { history: body.history } : {}),
    ...(body.topK !== undefined ? { topK: body.topK } : {}),
  };
}

export default async function answerRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: AnswerRequestBody }>(
    '/api/answer',
    answeringRouteOptions({
      tags: ['answer'],
      summary: 'Answer a question from the park documents, with citations',
      description:
        'Returns JSON, or with `Accept: text/event-stream` streams Server-Sent Events: ' +
        '`citations`, then `delta` (many), then `done` with the full response; `error` on failure.',
      body: answerRequestSchema,
      ok: {
        description: 'The answer',
        json: answerResponseSchema,
        eventStream: { type: 'string', description: 'citations → delta… → done (or error) events' },
      },
    }),
    async (request, reply) =>
      serveAnswer(app, request, reply, toAnswerRequest(request.body, disconnectSignal(reply)), {
        channel: 'answer',
        stream: wantsEventStream(request.headers.accept),
        toJson: (response) => response,
        toFrames: answerEvents,
        errorFrame: (error) => eventFrame('error', error),
        streamFailure: 'answer stream failed',
      }),
  );
}
