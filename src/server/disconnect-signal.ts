import type { FastifyReply } from 'fastify';

/**
 * Aborts when the client goes away before the response is complete, so retrieval and generation
 * (possibly a paid LLM call) stop instead of finishing for nobody.
 */
export function disconnectSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('client disconnected'));
  });
  return controller.signal;
}
