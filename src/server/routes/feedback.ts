import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { appendFeedback, type FeedbackRecord } from '../feedback-store.ts';
import { errorResponses } from '../schemas/error-response.ts';
import { feedbackRequestSchema, feedbackResponseSchema, type FeedbackRequestBody } from '../schemas/feedback.ts';

export default async function feedbackRoutes(app: FastifyInstance): Promise<void> {
  const feedbackFile = resolve(app.config.FEEDBACK_FILE);
  app.post<{ Body: FeedbackRequestBody }>(
    '/api/feedback',
    {
      schema: {
        tags: ['feedback'],
        summary: 'Record a thumbs up/down (and an optional comment) on an answer',
        body: feedbackRequestSchema,
        response: { 201: feedbackResponseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { answerId, comment, citations, ...rest } = request.body;
      const record: FeedbackRecord = {
        id: randomUUID(),
        receivedAt: new Date().toISOString(),
        ...rest,
        ...(answerId !== undefined ? { answerId } : {}),
        ...(comment !== undefined ? { comment } : {}),
        ...(citations !== undefined ? { citations } : {}),
      };
      await appendFeedback(feedbackFile, record);
      return reply.code(201).send({ id: record.id, receivedAt: record.receivedAt });
    },
  );
}
