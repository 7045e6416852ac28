import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/ingest/build-index.ts';
import { startServerProcess } from '../fixtures/server-process.ts';

/**
 * Issue 17: `npm start` runs the compiled server (dist/, built by `npm run build`, its prestart), which
 * starts without tsx and serves the widget bundled at build time, never loading esbuild.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const recorder = fileURLToPath(new URL('../fixtures/record-loaded-modules.mjs', import.meta.url));
const corpusDir = join(root, 'corpus');
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sip-compiled-'));
  await buildIndex({ corpusDir, indexDir: join(work, 'index'), embedding: { enabled: false, model: 'none', cacheDir: work, allowRemote: false } });
  await promisify(execFile)('npm', ['run', 'build', '--silent'], { cwd: root });
}, 180_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the compiled server (dist/)', () => {
  it('starts as plain JavaScript, answers, and serves the widget bundled at build time without tsx or esbuild', async () => {
    const record = join(work, 'modules.txt');
    const server = startServerProcess(
      { CORPUS_DIR: corpusDir, INDEX_DIR: join(work, 'index'), NODE_OPTIONS: `--import ${recorder}`, RECORD_MODULES_FILE: record },
      { launcher: 'compiled' },
    );
    try {
      const base = `http://127.0.0.1:${await server.port}`;
      const answer = (await (
        await fetch(`${base}/api/answer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ question: '2020年园区生物医药产业产值是多少？' }),
        })
      ).json()) as { answer: string };
      expect(answer.answer).toContain('1022亿元');
      const widget = await (await fetch(`${base}/widget.js`)).text();
      expect(widget).toBe(await readFile(join(root, 'dist/widget/public/widget.js'), 'utf8'));
      expect((await fetch(`${base}/assets/chat.js`)).status).toBe(200);
      const urls = (await readFile(record, 'utf8')).split('\n').filter(Boolean);
      expect(urls.some((url) => url.endsWith('/dist/server/server.js'))).toBe(true);
      expect(urls.filter((url) => url.includes('/src/') && !url.includes('node_modules'))).toEqual([]);
      expect(urls.filter((url) => /node_modules\/(tsx|esbuild)\//.test(url))).toEqual([]);
    } finally {
      server.kill();
      await server.exit;
    }
  });
});
