import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/** One bundled script, ready to serve: gzip is precomputed because Fastify serves it uncompressed otherwise. */
export interface BuiltAsset {
  name: string;
  code: string;
  gzip: Buffer;
  etag: string;
}

export interface WidgetAssets {
  /** The embeddable widget (`/widget.js`). */
  widget: BuiltAsset;
  /** The chat page's script (`/assets/chat.js`). */
  chat: BuiltAsset;
}

const entryPoints = {
  widget: fileURLToPath(new URL('./widget-entry.ts', import.meta.url)),
  chat: fileURLToPath(new URL('./chat-page-entry.ts', import.meta.url)),
} as const;

/** Browsers that have shadow DOM, constructable stylesheets, container queries and color-mix. */
const browserTargets = ['chrome111', 'edge111', 'firefox113', 'safari16.4'];

/** `import css from './x.css'` gives the stylesheet as a minified string (for shadow roots and adopted sheets). */
const cssAsMinifiedText: Plugin = {
  name: 'css-as-minified-text',
  setup(builder) {
    builder.onLoad({ filter: /\.css$/ }, async ({ path }) => {
      const { transform } = await import('esbuild');
      const { code } = await transform(await readFile(path, 'utf8'), { loader: 'css', minify: true, target: browserTargets });
      return { contents: code.trim(), loader: 'text' };
    });
  },
};

async function bundle(name: string, entryPoint: string): Promise<BuiltAsset> {
  // Imported here: the compiled server serves the bundles made at build time and never loads esbuild.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entryPoint],
    bundle: true,
    minify: true,
    format: 'iife',
    target: browserTargets,
    platform: 'browser',
    write: false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
    plugins: [cssAsMinifiedText],
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild produced no output for ${name}`);
  return toBuiltAsset(name, output.text);
}

/** A bundled script ready to serve: its gzip (Fastify serves it uncompressed otherwise) and a content hash as ETag. */
export function toBuiltAsset(name: string, code: string): BuiltAsset {
  return { name, code, gzip: gzipSync(code, { level: 9 }), etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"` };
}

/** Bundles the widget and the chat page from src/widget in memory (no dist folder); the server caches the result. */
export async function buildWidgetAssets(): Promise<WidgetAssets> {
  const [widget, chat] = await Promise.all([bundle('widget.js', entryPoints.widget), bundle('chat.js', entryPoints.chat)]);
  return { widget, chat };
}

/** `npm run build:widget`: builds and reports sizes (the widget aims to stay under 30 KB gzipped). */
async function main(): Promise<void> {
  const assets = await buildWidgetAssets();
  for (const asset of Object.values(assets)) {
    console.log(`${asset.name}: ${(asset.code.length / 1024).toFixed(1)} KB minified, ${(asset.gzip.length / 1024).toFixed(1)} KB gzipped`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(`widget build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
