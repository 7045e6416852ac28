import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './http-error.ts';

/**
 * Takes one of the client's stream slots (or refuses with 429 TOO_MANY_STREAMS) and gives it back
 * when the response closes, however it ends. Returns the release for failures before streaming starts.
 */
export async function openEventStream(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<() => void> {
  const release = await app.streamLimiter.acquire(request.ip);
  if (release === null) {
    throw new HttpError('TOO_MANY_STREAMS', `too many open streams from this client: at most ${app.streamLimiter.maxPerClient} at once`);
  }
  reply.raw.once('close', release);
  return release;
}
