import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheName, type CodeCacheUse } from '../../src/server/code-cache.ts';

/**
 * Issue 17: the compiled server runs its CommonJS bundle through runWithCodeCache. A real bundle file, a real
 * cache folder and V8's own acceptance check, each run in a process of its own as starts are (within one process
 * V8 would find the script in its in-memory compilation cache and never read the file): the second run uses the
 * cache the first wrote, a damaged cache is refused by V8 and replaced, and a folder that cannot be written costs
 * only the cache.
 */
const codeCacheModule = fileURLToPath(new URL('../../src/server/code-cache.ts', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
let work: string;
let bundlePath: string;

// A CommonJS file that uses what the wrapper passes (require, module, __filename, __dirname) and `this`.
const bundleSource = [
  "const { basename } = require('node:path');",
  'module.exports = { file: basename(__filename), folder: basename(__dirname), thisIsExports: this === exports, sum: (a, b) => a + b };',
].join('\n');

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'sip-code-cache-'));
  bundlePath = join(work, 'bundle.cjs');
  await writeFile(bundlePath, bundleSource);
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

interface ChildRun {
  cache: CodeCacheUse;
  cachePath: string;
  saved: boolean;
  exports: { file: string; folder: string; thisIsExports: boolean; sum: number; version?: number };
}

/** runWithCodeCache in a new node process; it prints what happened once the cache is saved (or not). */
async function run(
  bundleId: string,
  cacheDir = join(work, 'cache'),
  timing: { saveAfterMs: number; startedEvent?: string } = { saveAfterMs: 0 },
): Promise<ChildRun> {
  const options = JSON.stringify({ bundlePath, bundleId, cacheDir, ...timing });
  const script = [
    `const { runWithCodeCache } = await import(${JSON.stringify(codeCacheModule)});`,
    `const run = runWithCodeCache(${options});`,
    // The save timer is unreferenced (a server exiting does not wait for it): this keeps the child alive until it fires.
    'const alive = setTimeout(() => {}, 60_000);',
    'const saved = await run.saved;',
    'clearTimeout(alive);',
    'console.log(JSON.stringify({ cache: run.cache, cachePath: run.cachePath, saved, exports: { ...run.exports, sum: run.exports.sum(2, 3) } }));',
  ].join('\n');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root });
  return JSON.parse(stdout) as ChildRun;
}

describe('runWithCodeCache', () => {
  it('runs the bundle as CommonJS, writes a cache after the start, and the next run uses it', async () => {
    const first = await run('aaaa');
    expect(first).toMatchObject({ cache: 'none', saved: true });
    expect(first.exports).toEqual({ file: 'bundle.cjs', folder: work.split('/').at(-1), thisIsExports: true, sum: 5 });
    expect(await readdir(join(work, 'cache'))).toEqual([first.cachePath.split('/').at(-1)]);

    const second = await run('aaaa');
    expect(second).toMatchObject({ cache: 'used', saved: false, cachePath: first.cachePath });
    expect(second.exports).toEqual(first.exports);
  });

  it('is written soon after the bundle says it has started, not only when the timer runs out', async () => {
    // The bundle announces its start as server.ts does once listening; the timer alone would take a minute.
    await writeFile(bundlePath, `${bundleSource}\nsetTimeout(() => process.emit('test:started'), 10);`);
    const started = performance.now();
    const first = await run('eeee', join(work, 'cache'), { saveAfterMs: 60_000, startedEvent: 'test:started' });
    expect(first).toMatchObject({ cache: 'none', saved: true });
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('a damaged cache is refused by V8: the bundle still runs and the cache is written anew', async () => {
    const first = await run('bbbb');
    await writeFile(first.cachePath, Buffer.from('not a V8 code cache at all, but long enough to be read as one'));
    const second = await run('bbbb');
    expect(second).toMatchObject({ cache: 'rejected', saved: true, exports: { sum: 5 } });
    expect((await run('bbbb')).cache).toBe('used');
  });

  it('a new bundle writes its own cache and removes the older bundles’ caches', async () => {
    await run('old1');
    await writeFile(bundlePath, `${bundleSource}\nmodule.exports.version = 2;`);
    const next = await run('new2');
    expect(next).toMatchObject({ cache: 'none', saved: true, exports: { version: 2 } });
    expect(await readdir(join(work, 'cache'))).toEqual([next.cachePath.split('/').at(-1)]);
  });

  it('a cache folder that cannot be written costs only the cache', async () => {
    // A file where the folder should be: mkdir fails as on a read-only image.
    const blocked = join(work, 'not-a-folder');
    await writeFile(blocked, 'x');
    const result = await run('cccc', blocked);
    expect(result).toMatchObject({ cache: 'none', saved: false, exports: { file: 'bundle.cjs', sum: 5 } });
    expect(await readFile(blocked, 'utf8')).toBe('x');
  });

  it('names caches by the flags V8 checks them against, so starts with other flags keep their own', () => {
    const saved = process.env.NODE_OPTIONS;
    try {
      process.env.NODE_OPTIONS = '--max-old-space-size=100';
      const withOption = codeCacheName('dddd');
      process.env.NODE_OPTIONS = '';
      expect(codeCacheName('dddd')).not.toBe(withOption);
      expect(codeCacheName('dddd')).toMatch(/^dddd-[0-9a-f]{12}\.cache$/);
    } finally {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
    }
  });
});
