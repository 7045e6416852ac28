import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import type { IndexReloader } from '../../engine/index-reloader.ts';
import { createAdminKeyCheck } from '../admin-key.ts';
import adminDocumentRoutes from './admin-documents.ts';
import { errorResponses } from '../schemas/error-response.ts';
import adminInsightsRoutes from './admin-insights.ts';

/**
 * Everything under `/api/admin`, behind `ADMIN_API_KEY` alone (see admin-key.ts). Admin sections
 * (documents, question log, insights) register their routes inside this plugin so the guard covers
 * them by construction rather than by each route remembering a flag.
 */
export default async function adminRoutes(
  app: FastifyInstance,
  { adminApiKey, config, reloader }: { adminApiKey: string | undefined; config: Config; reloader?: IndexReloader | undefined },
): Promise<void> {
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
    async () => ({ sections: [...(reloader !== undefined ? ['documents'] : []), 'questions', 'insights'] }),
  );
  // Inside this plugin, so the hook above guards them. Documents can be changed only by a server that can
  // rebuild and swap its index (npm start).
  if (reloader !== undefined) await app.register(adminDocumentRoutes, { config, reloader });
  await app.register(adminInsightsRoutes);
}
