import type { FastifyInstance } from 'fastify';
import { createAdminKeyCheck } from '../admin-key.ts';
import { errorResponses } from '../schemas/error-response.ts';
import adminInsightsRoutes from './admin-insights.ts';

/**
 * Everything under `/api/admin`, behind `ADMIN_API_KEY` alone (see admin-key.ts). Admin sections
 * (documents, question log, insights) register their routes inside this plugin so the guard covers
 * them by construction rather than by each route remembering a flag.
 */
export default async function adminRoutes(app: FastifyInstance, { adminApiKey }: { adminApiKey: string | undefined }): Promise<void> {
  const checkAdminKey = createAdminKeyCheck(adminApiKey);
  // onRequest: before the body is read, so an unauthenticated upload is refused without being received.
  app.addHook('onRequest', async (request) => checkAdminKey(request));

  app.get(
    '/api/admin',
    {
      schema: {
        tags: ['admin'],
        summary: 'What the admin API offers (needs ADMIN_API_KEY)',
        security: [{ bearer: [] }],
        response: { 200: { type: 'object', properties: { sections: { type: 'array', items: { type: 'string' } } } }, ...errorResponses },
      },
    },
    async () => ({ sections: ['questions', 'insights'] }),
  );
  // Inside this plugin, so the hook above guards them.
  await app.register(adminInsightsRoutes);
}
