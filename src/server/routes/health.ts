import type { FastifyInstance } from 'fastify';
import { monitorEventLoopLag } from '../event-loop-lag.ts';
import { packageVersion } from '../package-version.ts';
import { errorResponses } from '../schemas/error-response.ts';
import { healthResponseSchema } from '../schemas/health.ts';

export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  const startedAt = performance.now();
  const eventLoopLag = monitorEventLoopLag();
  app.addHook('onClose', async () => eventLoopLag.stop());
  app.get(
    '/api/health',
    {
      // A load balancer probes from one address (a proxy's) every few seconds: a 429 would mark the node
      // down. Exempt from the API's rate limit and keys; the body is built from memory only (no disk I/O).
      config: { rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Mode (lexical/hybrid retrieval, extractive/LLM answers), index size and build time, event-loop delay',
        response: { 200: healthResponseSchema, ...errorResponses },
      },
    },
    async () => ({
      ...app.engine.health(),
      uptimeSeconds: Math.round((performance.now() - startedAt) / 1000),
      version: packageVersion,
      eventLoopDelayMs: eventLoopLag.read(),
      questionLog: app.questionLogger.stats(),
    }),
  );
}
