import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './http-error.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The guard for every `/api/admin/*` route (documents, question log, insights). Unlike the public API,
 * neither an allowed origin nor a public API key admits anyone here: only `ADMIN_API_KEY`, presented as
 * `authorization: Bearer <key>` or `x-admin-key: <key>`. With no admin key configured the routes do not
 * exist as far as a client can tell (404), so a default deployment exposes no admin surface at all.
 */
export function createAdminKeyCheck(adminApiKey: string | undefined) {
  const expected = adminApiKey === undefined ? undefined : digest(adminApiKey);

  return function checkAdminKey(request: FastifyRequest): void {
    if (expected === undefined) throw new HttpError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`);
    const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const header = request.headers['x-admin-key'];
    const presented = bearer ?? (typeof header === 'string' && header !== '' ? header : undefined);
    if (presented === undefined) {
      throw new HttpError('UNAUTHORIZED', 'the admin key is required: send authorization: Bearer <ADMIN_API_KEY> or x-admin-key', {
        headers: { 'www-authenticate': 'Bearer realm="admin"' },
      });
    }
    // Equal-length digests keep the comparison constant-time whatever the key length.
    if (!timingSafeEqual(expected, digest(presented))) {
      throw new HttpError('UNAUTHORIZED', 'the admin key is not valid', { headers: { 'www-authenticate': 'Bearer realm="admin", error="invalid_token"' } });
    }
  };
}
