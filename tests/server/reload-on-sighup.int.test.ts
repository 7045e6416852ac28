import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnswerResponse } from '../../src/question/answer-parts.ts';
import { makeDocx } from '../fixtures/make-docx-fixture.ts';
import { startServerProcess, type ServerProcess } from '../fixtures/server-process.ts';
import { corpusDir as realCorpus } from './real-engine.ts';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sip-sighup-'));
let server: ServerProcess | undefined;
afterAll(() => {
  server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start reloads its index on SIGHUP', () => {
  it('a document added with npm run docs is answered after SIGHUP, without a restart', { timeout: 180_000 }, async () => {
    const corpusDir = join(dir, 'corpus');
    const indexDir = join(dir, 'index');
    cpSync(realCorpus, corpusDir, { recursive: true });
    const environment = { CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, FEEDBACK_FILE: join(dir, 'f.jsonl') };
    server = startServerProcess(environment, { launcher: 'node' });
    const base = `http://127.0.0.1:${await server.port}`;
    const health = async () => (await (await fetch(`${base}/api/health`)).json()) as { indexVersion: string; documents: number };
    const before = await health();

    const file = join(dir, 'port.docx');
    writeFileSync(
      file,
      await makeDocx({
        title: '园区综合保税区通关指南',
        sections: [{ heading: '通关时限', paragraphs: ['园区综合保税区进口货物平均通关时间压缩至二点五小时。'] }],
      }),
    );
    const added = spawnSync('npx', ['tsx', 'src/ingest/docs-cli.ts', 'add', file, '--title-en', 'SIP Bonded Zone Customs Guide'], {
      cwd: projectDir,
      env: { ...process.env, ...environment, EMBEDDING_MODEL: 'none' },
      encoding: 'utf8',
    });
    expect(added.status, added.stderr).toBe(0);
    // Not served yet: the running server still has its index.
    expect((await health()).indexVersion).toBe(before.indexVersion);

    process.kill(await server.serverPid, 'SIGHUP');
    let after = await health();
    for (let tries = 0; tries < 100 && after.indexVersion === before.indexVersion; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await health();
    }
    expect(after.documents).toBe(before.documents + 1);
    const answer = (await (
      await fetch(`${base}/api/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: '园区综合保税区进口货物平均通关时间是多少？' }),
      })
    ).json()) as AnswerResponse;
    expect(answer.citations[0]?.docId).toBe('sip-bonded-zone-customs-guide');
    expect(answer.answer).toContain('二点五小时');
  });
});
