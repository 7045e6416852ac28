import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http-error.ts';
import { errorResponses } from '../schemas/error-response.ts';
import { passageParamsSchema, passageResponseSchema } from '../schemas/passage.ts';

export default async function passageRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string } }>(
    '/api/passages/:id',
    {
      config: { requiresApiKey: true },
      schema: {
        tags: ['passages'],
        summary: 'One passage (chunk) with its document, e.g. to show a citation in full',
        security: [{ bearer: [] }, { apiKey: [] }, {}],
        params: passageParamsSchema,
        response: { 200: passageResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const passage = app.engine.passage(request.params.id);
      if (passage === undefined)
        throw new HttpError('NOT_FOUND', `no passage with id '${request.params.id}' (ids look like yearbook-2020-emerging#1, with # sent as %23)`);
      return passage;
    },
  );
}
