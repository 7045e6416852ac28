import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Our pages load only our own scripts; inline styles stay allowed for Swagger UI. */
const htmlPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** The embeddable script is loaded by partner pages, so it alone may be fetched into other sites' frames. */
const frameableUrls = new Set(['/widget.js']);

/** The headers every response carries; also sent on errors raised before any hook runs (malformed URLs). */
export function baseSecurityHeaders(url: string): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    ...(frameableUrls.has(url.split('?')[0] ?? '') ? {} : { 'x-frame-options': 'SAMEORIGIN' }),
  };
}

async function securityHeaders(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(baseSecurityHeaders(request.url));
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    const type = reply.getHeader('content-type');
    // A page that sets its own policy (e.g. with a nonce) keeps it.
    if (typeof type === 'string' && type.startsWith('text/html') && !reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', htmlPolicy);
    }
    return payload;
  });
}

export default fp(securityHeaders, { name: 'security-headers' });
