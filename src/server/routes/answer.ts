import type { FastifyInstance } from 'fastify';
import type { AnswerRequest } from '../../question/answer-parts.ts';
import { disconnectSignal } from '../disconnect-signal.ts';
import { answerRequestSchema, answerResponseSchema, type AnswerRequestBody } from '../schemas/answer.ts';
import { errorResponses } from '../schemas/error-response.ts';
import { answerEvents, eventFrame, sendEventStream, startStream, wantsEventStream, withErrorFrame } from '../sse.ts';
import { takeLlmSlot } from '../llm-limiter.ts';
import { openEventStream } from '../open-event-stream.ts';
import { loggedParts, logQuestion } from '../log-question.ts';

export function toAnswerRequest(body: AnswerRequestBody, signal: AbortSignal): AnswerRequest {
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
    {
      config: { requiresApiKey: true },
      schema: {
        tags: ['answer'],
        summary: 'Answer a question from the park documents, with citations',
        description:
          'Returns JSON, or with `Accept: text/event-stream` streams Server-Sent Events: `citations`, then `delta` (many), then `done` with the full response; `error` on failure.',
        security: [{ bearer: [] }, { apiKey: [] }, {}],
        body: answerRequestSchema,
        response: {
          200: {
            description: 'The answer',
            content: {
              'application/json': { schema: answerResponseSchema },
              'text/event-stream': { schema: { type: 'string', description: 'citations → delta… → done (or error) events' } },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const signal = disconnectSignal(reply);
      const answerRequest = toAnswerRequest(request.body, signal);
      if (!wantsEventStream(request.headers.accept)) {
        const releaseLlm = takeLlmSlot(app, reply);
        try {
          const response = await app.engine.answer(answerRequest);
          logQuestion(app, request, reply, answerRequest.question, response, 'answer');
          return response;
        } finally {
          releaseLlm();
        }
      }

      const releaseStream = await openEventStream(app, request, reply);
      const releaseLlm = takeLlmSlot(app, reply);
      const release = () => {
        releaseLlm();
        releaseStream();
      };
      try {
        const parts = await startStream(app.engine.stream(answerRequest));
        const logged = loggedParts(parts, (response) => logQuestion(app, request, reply, answerRequest.question, response, 'answer-stream'));
        const frames = withErrorFrame(answerEvents(logged), (error) => eventFrame('error', error), {
          signal,
          onError: (error) => request.log.error({ err: error }, 'answer stream failed'),
        });
        return sendEventStream(reply, frames);
      } catch (error) {
        release();
        throw error;
      }
    },
  );
}
