import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.ts';
import { loadCorpus } from '../ingest/load-corpus.ts';
import { indexProblem } from '../engine/ensure-index.ts';
import { codeCacheDir, isCacheOf } from './code-cache.ts';
import { startScriptEnvironment, startScriptNodeFlags } from './start-script.ts';

/**
 * After a build that changed the server bundle, its V8 code cache (code-cache.ts) is written by starting the compiled
 * server once, as `npm start` will, and stopping it as soon as the cache is there: the first start after a build is
 * then as quick as the ones after it (it took 0.8 s without a cache, against 0.5–0.6 s with one). Only when the
 * index is already current, so the server starts in about a second; a missing or stale index is built by `npm start`
 * itself, and that start writes the cache.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
/** A start that takes longer than this is not waited for: the first real start writes the cache instead. */
const WARM_TIMEOUT_MS = 20_000;

export type WarmResult = { warmed: true; ms: number } | { warmed: false; why: string };

const hasCache = (cacheDir: string, bundleId: string) => existsSync(cacheDir) && readdirSync(cacheDir).some((file) => isCacheOf(file, bundleId));

export async function warmCodeCache(entry: string, bundleId: string): Promise<WarmResult> {
  const started = performance.now();
  const cacheDir = codeCacheDir(root);
  if (hasCache(cacheDir, bundleId)) return { warmed: false, why: 'the cache is there already' };
  let config;
  try {
    config = loadConfig();
  } catch {
    return { warmed: false, why: 'the configuration is invalid (npm start will say why)' };
  }
  if (config.DATABASE_URL !== undefined) return { warmed: false, why: 'a replica (DATABASE_URL) starts from the database' };
  try {
    const problem = indexProblem(config, loadCorpus(config.corpusDir).hash);
    if (problem !== null) return { warmed: false, why: `the index is not current (${problem}); npm start builds it and writes the cache` };
  } catch {
    return { warmed: false, why: 'the corpus cannot be read (npm start will say why)' };
  }
  const child = spawn(process.execPath, [...startScriptNodeFlags(), entry], {
    cwd: root,
    env: { ...process.env, ...startScriptEnvironment(), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    while (!hasCache(cacheDir, bundleId)) {
      if (child.exitCode !== null) return { warmed: false, why: `the server exited (${child.exitCode}) before writing it` };
      if (performance.now() - started > WARM_TIMEOUT_MS) return { warmed: false, why: `not written within ${WARM_TIMEOUT_MS / 1000} s` };
      await sleep(50);
    }
    return { warmed: true, ms: performance.now() - started };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}
