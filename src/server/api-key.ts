import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './http-error.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

function presentedKey(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer !== undefined) return bearer;
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header !== '' ? header : undefined;
}

/**
 * With `API_KEYS` set, server-to-server callers need a key, while the widget on an allow-listed site
 * (and our own chat page, same origin) is admitted by its Origin instead: a key in public page
 * source would be no secret. Origin only binds browsers, which is what it is meant to do here.
 */
export function createApiKeyCheck({ apiKeys, allowedOrigins }: { apiKeys: string[]; allowedOrigins: string[] }) {
  // Comparing equal-length digests keeps the comparison constant-time whatever the key length.
  const keyDigests = apiKeys.map(digest);
  const origins = new Set(allowedOrigins);

  return function checkApiKey(request: FastifyRequest): void {
    if (keyDigests.length === 0) return;
    const origin = request.headers.origin;
    if (origin !== undefined && (origins.has(origin) || origin === `${request.protocol}://${request.host}`)) return;
    const key = presentedKey(request);
    if (key === undefined) {
      throw new HttpError('UNAUTHORIZED', 'an API key is required: send authorization: Bearer <key> or x-api-key: <key>', {
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    const presented = digest(key);
    if (!keyDigests.some((known) => timingSafeEqual(known, presented))) {
      throw new HttpError('UNAUTHORIZED', 'the API key is not valid', { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
    }
  };
}
