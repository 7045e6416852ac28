import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Ids a proxy may hand us; anything else (too long, odd characters) could forge or garble log lines. */
const acceptableId = /^[\w.:-]{1,128}$/;

/** Keeps an upstream proxy's `x-request-id` so one id follows a request through every log. */
export function generateRequestId(raw: IncomingMessage): string {
  const given = raw.headers['x-request-id'];
  return typeof given === 'string' && acceptableId.test(given) ? given : randomUUID();
}

/** Every response names its request id, so a user's bug report can be matched to the logs. */
async function requestId(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
}

export default fp(requestId, { name: 'request-id' });
