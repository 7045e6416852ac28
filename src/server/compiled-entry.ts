import { fileURLToPath } from 'node:url';
import { codeCacheDir, runWithCodeCache } from './code-cache.ts';
import { SERVER_STARTED_EVENT } from './started-event.ts';

/**
 * dist/server/server.js, what `npm start` and the Dockerfile run: the server bundle (dist/server/server.cjs) run
 * with a V8 code cache kept in .cache/code-cache/ (code-cache.ts says why and what it saves). Built by
 * build-dist.ts, which sets `SERVER_BUNDLE_ID` to the bundle's hash; not meant to run from source.
 */
declare const SERVER_BUNDLE_ID: string;

/** If the server never says it has started (it failed, or it is still building its index), the cache is written anyway. */
const SAVE_AFTER_MS = 10_000;

runWithCodeCache({
  bundlePath: fileURLToPath(new URL('./server.cjs', import.meta.url)),
  bundleId: SERVER_BUNDLE_ID,
  cacheDir: codeCacheDir(fileURLToPath(new URL('../../', import.meta.url))),
  saveAfterMs: SAVE_AFTER_MS,
  // server.ts emits it once listening.
  startedEvent: SERVER_STARTED_EVENT,
});
