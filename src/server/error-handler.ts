import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errorBody } from './http-error.ts';
import { toPublicError } from './public-error.ts';

/** Every 4xx/5xx leaves as `{ statusCode, code, error, message }`; our own failures are logged in full and masked. */
async function errorHandler(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error, request, reply) => {
    const { body, headers, internal } = toPublicError(error);
    if (internal) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.code, message: body.message }, 'request rejected');
    return reply.code(body.statusCode).headers(headers).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]?.slice(0, 200) ?? '';
    return reply.code(404).send(errorBody(404, 'NOT_FOUND', `no route ${request.method} ${path}`));
  });
}

export default fp(errorHandler, { name: 'error-handler' });
