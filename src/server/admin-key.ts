import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './http-error.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

const basicChallenge = 'Basic realm="SIP Q&A admin (password: the admin key)", charset="UTF-8"';

/** The password of `authorization: Basic base64(user:password)`, when the header is that. */
function basicPassword(authorization: string | undefined): string | undefined {
  const encoded = authorization?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i)?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 || colon === decoded.length - 1 ? undefined : decoded.slice(colon + 1);
}

/**
 * The guard for every `/api/admin/*` route (documents, question log, insights). Unlike the public API,
 * neither an allowed origin nor a public API key admits anyone here: only `ADMIN_API_KEY`, presented as
 * `authorization: Bearer <key>` or `x-admin-key: <key>`, or by a browser as HTTP Basic credentials with the key
 * as the password (any user name): a browser cannot add a header when it opens a page, so a page request
 * (Accept: text/html) without the key is challenged for Basic, the browser asks for it once, and sends it
 * again with the page's links (the CSV exports). With no admin key configured the routes do not
 * exist as far as a client can tell (404), so a default deployment exposes no admin surface at all.
 */
export function createAdminKeyCheck(adminApiKey: string | undefined) {
  const expected = adminApiKey === undefined ? undefined : digest(adminApiKey);

  return function checkAdminKey(request: FastifyRequest): void {
    if (expected === undefined) throw new HttpError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`);
    const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const header = request.headers['x-admin-key'];
    const presented = bearer ?? basicPassword(request.headers.authorization) ?? (typeof header === 'string' && header !== '' ? header : undefined);
    // A browser opening a page gets the challenge it understands (it then asks for the key); API clients get Bearer's.
    const wantsPage = /\btext\/html\b/.test(request.headers.accept ?? '');
    if (presented === undefined) {
      throw new HttpError('UNAUTHORIZED', 'the admin key is required: send authorization: Bearer <ADMIN_API_KEY> or x-admin-key', {
        headers: { 'www-authenticate': wantsPage ? basicChallenge : 'Bearer realm="admin"' },
      });
    }
    // Equal-length digests keep the comparison constant-time whatever the key length.
    if (!timingSafeEqual(expected, digest(presented))) {
      throw new HttpError('UNAUTHORIZED', 'the admin key is not valid', {
        headers: { 'www-authenticate': wantsPage ? basicChallenge : 'Bearer realm="admin", error="invalid_token"' },
      });
    }
  };
}
