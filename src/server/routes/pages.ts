import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BuiltAsset, WidgetAssets } from '../../widget/build.ts';
import { demoPagePolicy, renderDemoPage } from '../../widget/demo-page.ts';

const publicDir = new URL('../../widget/public/', import.meta.url);

/** Static files of the chat page, read once. */
const staticFiles = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8', cache: 'no-cache' },
  '/assets/chat-page.css': { file: 'chat-page.css', type: 'text/css; charset=utf-8', cache: 'public, max-age=300' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml', cache: 'public, max-age=86400' },
  '/assets/demo-page.js': { file: 'demo-page.js', type: 'text/javascript; charset=utf-8', cache: 'public, max-age=300' },
  // The documents admin page: static, holds no data; everything it shows comes from /api/admin/* with the admin key.
  '/admin': { file: 'admin.html', type: 'text/html; charset=utf-8', cache: 'no-cache' },
  '/assets/admin-page.js': { file: 'admin-page.js', type: 'text/javascript; charset=utf-8', cache: 'no-cache' },
  '/assets/admin-page.css': { file: 'admin-page.css', type: 'text/css; charset=utf-8', cache: 'no-cache' },
} as const;

/**
 * The compiled server (dist/, `npm run build`) serves the widget bundled at build time, from dist/widget/public/.
 * Run from source (tsx, tests) there is no such file: the widget is bundled with esbuild once per process,
 * on first use or as the server becomes ready (~100 ms; esbuild is imported only then).
 */
async function loadWidgetAssets(): Promise<WidgetAssets> {
  const prebuilt = { widget: new URL('widget.js', publicDir), chat: new URL('chat.js', publicDir) };
  const { toBuiltAsset, buildWidgetAssets } = await import('../../widget/build.ts');
  if (!existsSync(prebuilt.widget) || !existsSync(prebuilt.chat)) return buildWidgetAssets();
  const [widget, chat] = await Promise.all([readFile(prebuilt.widget, 'utf8'), readFile(prebuilt.chat, 'utf8')]);
  return { widget: toBuiltAsset('widget.js', widget), chat: toBuiltAsset('chat.js', chat) };
}

/** Loaded once per process; the result never changes while it runs. A failed build is not cached, so it is retried. */
let assetsPromise: Promise<WidgetAssets> | undefined;
export function widgetAssets(): Promise<WidgetAssets> {
  assetsPromise ??= loadWidgetAssets().catch((error: unknown) => {
    assetsPromise = undefined;
    throw error;
  });
  return assetsPromise;
}

const fileCache = new Map<string, Promise<Buffer>>();
function publicFile(name: string): Promise<Buffer> {
  let file = fileCache.get(name);
  if (file === undefined) {
    file = readFile(new URL(name, publicDir));
    fileCache.set(name, file);
  }
  return file;
}

/** `?api=` for the demo: an http(s) URL without credentials, normalised to origin + path. */
export function parseApiBase(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  try {
    const url = new URL(value);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') return undefined;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: BuiltAsset): FastifyReply {
  reply
    .header('content-type', 'text/javascript; charset=utf-8')
    .header('cache-control', 'public, max-age=300')
    .header('etag', asset.etag)
    .header('vary', 'accept-encoding')
    // Partner pages that require CORP (COEP) may still load the widget.
    .header('cross-origin-resource-policy', 'cross-origin');
  if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(asset.gzip);
  return reply.send(asset.code);
}

/** The chat page `/`, the demo partner page `/demo`, the embeddable `/widget.js` and their assets. */
export default async function pageRoutes(app: FastifyInstance): Promise<void> {
  const hidden = { hide: true } as const;

  app.addHook('onReady', async () => {
    widgetAssets().catch((error: unknown) => app.log.error({ err: error }, 'widget build failed; /widget.js will retry on request'));
  });

  for (const [url, { file, type, cache }] of Object.entries(staticFiles)) {
    app.get(url, { schema: hidden }, async (_request, reply) =>
      reply
        .header('content-type', type)
        .header('cache-control', cache)
        .send(await publicFile(file)),
    );
  }

  app.get('/widget.js', { schema: hidden }, async (request, reply) => sendAsset(request, reply, (await widgetAssets()).widget));
  app.get('/assets/chat.js', { schema: hidden }, async (request, reply) => sendAsset(request, reply, (await widgetAssets()).chat));

  app.get<{ Querystring: { api?: string } }>(
    '/demo',
    { schema: { ...hidden, querystring: { type: 'object', properties: { api: { type: 'string', maxLength: 500 } } } } },
    async (request, reply) => {
      const override = parseApiBase(request.query.api);
      const apiBase = override ?? `${request.protocol}://${request.host}`;
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', demoPagePolicy(apiBase))
        .send(renderDemoPage({ apiBase, apiOverridden: override !== undefined }));
    },
  );
}
