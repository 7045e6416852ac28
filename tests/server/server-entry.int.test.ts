import { spawn } from 'node:child_process';
import { appendFile, cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from './real-engine.ts';

const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const entry = fileURLToPath(new URL('../../src/server/server.ts', import.meta.url));

interface Started {
  output: () => string;
  port: Promise<number>;
  exit: Promise<number | null>;
  stop: () => void;
}

/** `npm start` as a real process (port 0), reading the listening port from its log. */
function start(environment: Record<string, string>): Started {
  const child = spawn(tsx, [entry], { env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', EMBEDDING_MODEL: 'none', ...environment } });
  let output = '';
  const port = new Promise<number>((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => reject(new Error(`server exited before listening:\n${output}`)));
  });
  port.catch(() => {});
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { output: () => output, port, exit, stop: () => child.kill('SIGTERM') };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'server-entry-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm start (src/server/server.ts)', () => {
  it('names the bad setting and exits 1 on invalid configuration', async () => {
    const server = start({ PORT: 'eighty', INDEX_DIR: join(dir, 'unused') });
    expect(await server.exit).toBe(1);
    expect(server.output()).toMatch(/PORT/);
  });

  it('builds a missing index, rebuilds a stale one, prints the mode, serves, and exits 0 on SIGTERM', async () => {
    const corpus = join(dir, 'corpus');
    await cp(corpusDir, corpus, { recursive: true });
    const environment = { CORPUS_DIR: corpus, INDEX_DIR: join(dir, 'index'), FEEDBACK_FILE: join(dir, 'feedback.jsonl') };

    const first = start(environment);
    const port = await first.port;
    expect(first.output()).toMatch(/no usable index in .*: building the index/);
    expect(first.output()).toContain('mode: lexical retrieval (dense off: dense retrieval disabled by configuration) · extractive answers (no LLM configured)');
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    first.stop();
    expect(await first.exit).toBe(0);

    const document = (await readdir(corpus)).find((file) => file.endsWith('.txt'));
    await appendFile(join(corpus, document ?? ''), '\n');
    const second = start(environment);
    await second.port;
    expect(second.output()).toMatch(/corpus in .* changed since the index was built/);
    second.stop();
    expect(await second.exit).toBe(0);
  }, 90_000);
});
