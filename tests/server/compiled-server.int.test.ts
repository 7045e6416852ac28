import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildIndex } from '../../src/ingest/build-index.ts';
import { buildApp } from '../../src/server/app.ts';
import { loadAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import { startFakeOpenAI } from '../fixtures/fake-openai-server.ts';
import { startServerProcess } from '../fixtures/server-process.ts';
import { warmCodeCache } from '../../src/server/warm-code-cache.ts';

/**
 * Issue 17: `npm start` runs the compiled server (dist/, built by `npm run build`, its prestart), which
 * starts without tsx and serves the widget bundled at build time, never loading esbuild. The server is one
 * minified CommonJS bundle run with a V8 code cache, its `import.meta.url`s rewritten and the non-ASCII characters
 * of its patterns escaped: it must answer exactly as the source does.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const recorder = fileURLToPath(new URL('../fixtures/record-loaded-modules.mjs', import.meta.url));
const corpusDir = join(root, 'corpus');
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sip-compiled-'));
  await buildIndex({ corpusDir, indexDir: join(work, 'index'), embedding: { enabled: false, model: 'none', cacheDir: work, allowRemote: false } });
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
      // Swagger UI is bundled too and serves its static folder from node_modules.
      expect((await fetch(`${base}/docs/static/swagger-ui-bundle.js`)).status).toBe(200);
      expect(((await (await fetch(`${base}/docs/json`)).json()) as { openapi: string }).openapi).toMatch(/^3\./);
      const urls = (await readFile(record, 'utf8')).split('\n').filter(Boolean);
      expect(urls.some((url) => url.endsWith('/dist/server/server.js'))).toBe(true);
      expect(urls.filter((url) => url.includes('/src/') && !url.includes('node_modules'))).toEqual([]);
      expect(urls.filter((url) => /node_modules\/(tsx|esbuild)\//.test(url))).toEqual([]);
    } finally {
      server.kill();
      await server.exit;
    }
  });

  it('generates answers through an OpenAI-compatible LLM: its packages are required from the CommonJS bundle', async () => {
    const fake = await startFakeOpenAI({ script: { kind: 'text', text: '2020年，园区生物医药产业产值1022亿元 [1]。' } });
    const server = startServerProcess(
      { CORPUS_DIR: corpusDir, INDEX_DIR: join(work, 'index'), LLM_BASE_URL: fake.url, LLM_MODEL: 'fake-model', LLM_API_KEY: 'test' },
      { launcher: 'compiled' },
    );
    try {
      const response = await fetch(`http://127.0.0.1:${await server.port}/api/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: '2020年园区生物医药产业产值是多少？' }),
      });
      const body = (await response.json()) as { answer: string; mode: { generator: string } };
      expect(body.mode.generator).toBe('llm');
      expect(body.answer).toContain('1022亿元');
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]?.body.model).toBe('fake-model');
    } finally {
      server.kill();
      await server.exit;
      await fake.close();
    }
  });

  it('gives the same answers as the source, in simplified and traditional Chinese and in English', async () => {
    // Every 8th evaluation question (inputs only): numbers, lists, declines, both scripts and English.
    const lines = (await readFile(join(root, 'eval/questions.jsonl'), 'utf8')).split('\n').filter(Boolean);
    const questions = lines.filter((_, index) => index % 8 === 0).map((line) => (JSON.parse(line) as { question: string }).question);
    expect(new Set(questions.map((question) => (/[A-Za-z]{3}/.test(question) ? 'latin' : 'chinese'))).size).toBe(2);
    const environment = { CORPUS_DIR: corpusDir, INDEX_DIR: join(work, 'index'), EMBEDDING_MODEL: 'none', RATE_LIMIT_PER_MINUTE: '0', QUESTION_LOG: 'off' };
    const config = loadConfig({ ...process.env, ...environment, LOG_LEVEL: 'silent' });
    const app = await buildApp({ engine: await loadAnswerEngine({ config }), config });
    const server = startServerProcess(environment, { launcher: 'compiled' });
    // Timings differ run to run; everything else must match.
    const comparable = (body: string) => ({ ...(JSON.parse(body) as Record<string, unknown>), timingsMs: null });
    try {
      const base = `http://127.0.0.1:${await server.port}`;
      for (const question of questions) {
        const payload = JSON.stringify({ question });
        const compiled = await fetch(`${base}/api/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
        const source = await app.inject({ method: 'POST', url: '/api/answer', headers: { 'content-type': 'application/json' }, payload });
        expect({ question, status: compiled.status, body: comparable(await compiled.text()) }).toEqual({
          question,
          status: source.statusCode,
          body: comparable(source.body),
        });
      }
    } finally {
      server.kill();
      await server.exit;
      await app.close();
    }
  }, 120_000);

  it('after a build, a first start writes the code cache (warmCodeCache), so the next start is not a cold one', async () => {
    const launcher = await readFile(join(root, 'dist/server/server.js'), 'utf8');
    const bundleId = /bundleId: "([0-9a-f]{16})"/.exec(launcher)?.[1] ?? '';
    expect(bundleId).not.toBe('');
    const cacheDir = join(work, 'code-cache');
    const saved = { ...process.env };
    Object.assign(process.env, { CORPUS_DIR: corpusDir, INDEX_DIR: join(work, 'index'), EMBEDDING_MODEL: 'none', CODE_CACHE_DIR: cacheDir });
    try {
      const first = await warmCodeCache(join(root, 'dist/server/server.js'), bundleId);
      expect(first.warmed).toBe(true);
      expect((await readdir(cacheDir)).filter((file) => file.startsWith(`${bundleId}-`))).toHaveLength(1);
      expect(await warmCodeCache(join(root, 'dist/server/server.js'), bundleId)).toEqual({ warmed: false, why: 'the cache is there already' });
      // A stale or missing index is left to npm start, which builds it and then writes the cache.
      process.env.INDEX_DIR = join(work, 'no-index-here');
      process.env.CODE_CACHE_DIR = join(work, 'other-cache');
      expect((await warmCodeCache(join(root, 'dist/server/server.js'), bundleId)).warmed).toBe(false);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  }, 60_000);

  it('is ASCII only, so V8 keeps its source as one-byte strings', async () => {
    const files = (await readdir(join(root, 'dist/server'))).filter((file) => /\.c?js$/.test(file));
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      const code = await readFile(join(root, 'dist/server', file), 'utf8');
      expect({ file, nonAscii: code.match(/[^\0-\x7f]/g)?.length ?? 0 }).toEqual({ file, nonAscii: 0 });
    }
  });
});
