import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { buildWidgetAssets } from '../widget/build.ts';

/**
 * `npm run build` (and `npm start`'s prestart): src/ → dist/, so the server starts as plain JavaScript
 * instead of being transpiled by tsx at every start, and the widget is bundled once here instead of at
 * every start. Type checking is `npm run typecheck` / `npm test` (tsc takes 20–50 s here; this takes <1 s).
 *
 * Each source file becomes one file at the same place under dist/ (file-relative paths such as
 * `../../prompts/` still resolve), with its relative `.ts` imports pointing at the `.js` files and
 * packages left as imports. The benchmarks and load tests (src/bench, src/load) use test fixtures and
 * run from source.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const srcDir = join(root, 'src');
const distDir = join(root, 'dist');
const skipped = new Set(['bench', 'load']);

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return directory === srcDir && skipped.has(entry.name) ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
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

/** Every import stays an import: `./x.ts` becomes `./x.js` (compiled beside it), packages and `node:` stay as written. */
const keepImports: Plugin = {
  name: 'keep-imports',
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, (args) => {
      // JSON data (rule word lists) is inlined: esbuild drops an external import's `with { type: 'json' }`.
      if (args.kind === 'entry-point' || args.path.endsWith('.json')) return undefined;
      return { path: args.path.replace(/\.ts$/, '.js'), external: true };
    });
  },
};

export async function buildDist(): Promise<{ files: number; ms: number }> {
  const started = performance.now();
  // Built beside dist/ and swapped in whole: a server starting from dist/ meanwhile never sees half a build.
  const staging = `${distDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const entryPoints = sourceFiles(srcDir);
  await build({
    entryPoints,
    outbase: srcDir,
    outdir: staging,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [keepImports],
  });
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
  const old = `${distDir}.old-${process.pid}`;
  if (existsSync(distDir)) renameSync(distDir, old);
  renameSync(staging, distDir);
  rmSync(old, { recursive: true, force: true });
  return { files: entryPoints.length, ms: performance.now() - started };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildDist().then(
    ({ files, ms }) => console.log(`built ${relative(process.cwd(), distDir) || distDir}/: ${files} modules and the widget in ${(ms / 1000).toFixed(1)} s`),
    (error: unknown) => {
      console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
