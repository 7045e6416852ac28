import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FeedbackRecord } from '../../question-log/feedback-store.ts';
import { HttpError } from '../http-error.ts';
import { requestLimits } from '../request-limits.ts';
import { errorResponses } from '../schemas/error-response.ts';
import { feedbackRequestSchema, feedbackResponseSchema, type FeedbackRequestBody } from '../schemas/feedback.ts';

/**
 * Every record is written and fsync'd, so unchecked feedback would be a way to fill the disk: each
 * client address may store FEEDBACK_PER_HOUR records (counted before the body is read), of at most
 * `requestLimits.feedbackBytes` each.
 */
function feedbackQuota(app: FastifyInstance): ((request: FastifyRequest) => Promise<void>) | null {
  const perHour = app.config.FEEDBACK_PER_HOUR;
  if (perHour === 0) return null;
  const limit = app.createRateLimit({ max: perHour, timeWindow: '1 hour' });
  return async (request) => {
    const state = await limit(request);
    if (state.isAllowed || !state.isExceeded) return;
    throw new HttpError('FEEDBACK_QUOTA_EXCEEDED', `too much feedback from this client: at most ${perHour} per hour; retry in ${state.ttlInSeconds} s`, {
      headers: { 'retry-after': String(state.ttlInSeconds) },
    });
  };
}

export default async function feedbackRoutes(app: FastifyInstance): Promise<void> {
  const quota = feedbackQuota(app);
  app.post<{ Body: FeedbackRequestBody }>(
    '/api/feedback',
    {
      config: { requiresApiKey: true },
      bodyLimit: requestLimits.feedbackBytes,
      // After the API-key check (an app-level preParsing hook runs first), so refused keys spend no quota.
      ...(quota !== null ? { preParsing: async (request: FastifyRequest) => quota(request) } : {}),
      // Thrown on to the app's error handler, which gives it the one error shape.
      errorHandler: (error) => {
        if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
          throw new HttpError(
            'FEEDBACK_TOO_LARGE',
            `the feedback is too large: at most ${requestLimits.feedbackBytes / 1024} KB (shorten the answer or comment)`,
          );
        }
        throw error;
      },
      schema: {
        tags: ['feedback'],
        summary: 'Record a thumbs up/down (and an optional comment) on an answer',
        description:
          `At most ${requestLimits.feedbackBytes / 1024} KB (413 FEEDBACK_TOO_LARGE), ` +
          'and FEEDBACK_PER_HOUR records per client address (429 FEEDBACK_QUOTA_EXCEEDED, with retry-after). ' +
          '503 FEEDBACK_UNAVAILABLE when the store (file or database) cannot take it: nothing was kept, retry later.',
        security: [{ bearer: [] }, { apiKey: [] }, {}],
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
      try {
        await app.feedbackLog.append(record);
      } catch (error) {
        // A full disk or a database that is down: the client is told its feedback was not kept and may retry,
        // rather than a bare 500; the cause goes to the log, not to the client.
        request.log.error({ err: error }, 'feedback could not be stored');
        throw new HttpError('FEEDBACK_UNAVAILABLE', 'the feedback could not be stored just now (the store is unavailable); please retry later', {
          headers: { 'retry-after': '30' },
        });
      }
      return reply.code(201).send({ id: record.id, receivedAt: record.receivedAt });
    },
  );
}
