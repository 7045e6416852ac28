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
    }),
  );
}
