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
 * The origin of the page behind a browser request: its Origin header, or, since browsers send none on a
 * same-origin GET (the chat page opening a passage), the origin of its Referer.
 */
function pageOrigin(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin;
  if (origin !== undefined) return origin;
  const referer = request.headers.referer;
  if (referer === undefined || !URL.canParse(referer)) return undefined;
  const { origin: refererOrigin } = new URL(referer);
  return refererOrigin === 'null' ? undefined : refererOrigin;
}

/**
 * With `API_KEYS` set, every route that costs (answers, chat completions, passages, feedback) needs a
 * key, except for pages on an origin in `ALLOWED_ORIGINS`: the widget on a partner site, and our own
 * chat page once the server's public origin is listed there. A key in public page source would be no
 * secret, so browsers are admitted by the origin their browser reports instead.
 *
 * What that does and does not protect, honestly: a page's scripts cannot forge Origin or Referer, so a
 * page on an unlisted site cannot use the API through its visitors' browsers, nor can a DNS-rebinding
 * page (Origin `http://evil.test` with `Host: evil.test`, which matching Origin against Host used to
 * admit). A non-browser client can send any header, so it can claim a listed origin: for clients that
 * are not browsers, keys and the rate limits are the protection, and the browser-facing routes remain
 * as open as the pages that use them. The origin is never taken from the request's own Host.
 */
export function createApiKeyCheck({ apiKeys, allowedOrigins }: { apiKeys: string[]; allowedOrigins: string[] }) {
  // Comparing equal-length digests keeps the comparison constant-time whatever the key length.
  const keyDigests = apiKeys.map(digest);
  const origins = new Set(allowedOrigins);

  return function checkApiKey(request: FastifyRequest): void {
    if (keyDigests.length === 0) return;
    const origin = pageOrigin(request);
    if (origin !== undefined && origins.has(origin)) return;
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
