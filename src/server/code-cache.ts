import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { constants, Script } from 'node:vm';

/**
 * Runs a CommonJS bundle with a V8 code cache, which Node 20 offers no other way (`module.enableCompileCache` came
 * in Node 22, and never for ES modules before that). The compiled server spent ~0.1 s compiling its 2.5 MB of
 * JavaScript at every start and more compiling each function the start runs; with the cache V8 deserializes
 * them instead. Measured on the server, paired starts alternating (/api/health ready): median 0.72 s without,
 * 0.49 s with a cache written after a start; a cache of the top-level compile alone saved only ~0.03 s, which is
 * why it is written from the running process once it has started (`startedEvent`), when the start's functions are
 * compiled.
 *
 * V8 refuses a cache made by another V8 version or with other V8 flags (it checks, and the script is compiled
 * as usual); the file's name carries the bundle's id, Node's version and the process's flags, so starts with
 * other flags keep caches of their own instead of overwriting each other's. A cache that cannot be written (a
 * read-only image) only means the next start compiles again.
 */
export interface CodeCacheOptions {
  /** The CommonJS bundle to run. */
  bundlePath: string;
  /** Changes whenever the bundle does (the build's hash of it). */
  bundleId: string;
  cacheDir: string;
  /** How long after the start the cache is written, when there was none or V8 refused it. */
  saveAfterMs: number;
  /**
   * A process event the bundle emits once it has started (the server: listening); the cache is written `savedDelayMs`
   * after it, or at `saveAfterMs` if it never comes. Written soon after the start, the cache holds what the start
   * compiled: V8 drops the bytecode of functions not run for a while, and a cache written after 5 s of answering held
   * ~23% less (2.2 MB against 2.8 MB) and saved less.
   */
  startedEvent?: string;
}

/** After the started event: the first requests are served before the cache is serialized (~20–50 ms of main thread). */
const savedDelayMs = 300;

export type CodeCacheUse = 'used' | 'rejected' | 'none';

export interface CodeCacheRun {
  cache: CodeCacheUse;
  cachePath: string;
  /** Resolves once the cache is written (true) or it was not needed or could not be written (false). */
  saved: Promise<boolean>;
  /** The bundle's `module.exports`. */
  exports: unknown;
}

/** Where caches are kept: `CODE_CACHE_DIR`, else .cache/code-cache/ in the project folder. */
export function codeCacheDir(projectDir: string): string {
  return process.env.CODE_CACHE_DIR ?? join(projectDir, '.cache', 'code-cache');
}

/** Whether a file in the cache folder is a cache of this bundle (for any flags: see codeCacheName). */
export const isCacheOf = (file: string, bundleId: string): boolean => file.startsWith(`${bundleId}-`) && file.endsWith('.cache');

/** The cache file's name: the bundle, Node's version and the flags a cache is only valid for. */
export function codeCacheName(bundleId: string): string {
  const flags = [process.version, process.arch, ...process.execArgv, process.env.NODE_OPTIONS ?? ''].join('\n');
  return `${bundleId}-${createHash('sha256').update(flags).digest('hex').slice(0, 12)}.cache`;
}

function readCache(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Written beside and renamed (a start meanwhile reads the whole old file or none); caches of older bundles are removed. */
function writeCache(script: Script, cacheDir: string, name: string, bundleId: string): boolean {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const path = join(cacheDir, name);
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, path);
    for (const file of readdirSync(cacheDir)) {
      if (file.endsWith('.cache') && !isCacheOf(file, bundleId)) rmSync(join(cacheDir, file), { force: true });
    }
    return true;
  } catch {
    return false;
  }
}

export function runWithCodeCache({ bundlePath, bundleId, cacheDir, saveAfterMs, startedEvent }: CodeCacheOptions): CodeCacheRun {
  const name = codeCacheName(bundleId);
  const cachePath = join(cacheDir, name);
  const cachedData = readCache(cachePath);
  // The bundle is ASCII (build-dist.ts escapes the rest): read as latin1 it is a one-byte string, as from disk.
  const source = readFileSync(bundlePath, 'latin1');
  // Node's own CommonJS wrapper, so the bundle sees what a required file sees.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundlePath,
    cachedData,
    // The bundle still imports some packages dynamically (esbuild keeps `import()` of external ES modules).
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const cache: CodeCacheUse = cachedData === undefined ? 'none' : script.cachedDataRejected === true ? 'rejected' : 'used';
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  const saved =
    cache === 'used'
      ? Promise.resolve(false)
      : new Promise<boolean>((resolve) => {
          let done = false;
          const save = () => {
            if (done) return;
            done = true;
            resolve(writeCache(script, cacheDir, name, bundleId));
          };
          // Unreferenced: a process about to exit does not wait for its cache.
          setTimeout(save, saveAfterMs).unref();
          if (startedEvent !== undefined) process.once(startedEvent, () => setTimeout(save, savedDelayMs).unref());
        });
  return { cache, cachePath, saved, exports: module.exports };
}
