import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadReport } from '../../src/load/run-load.ts';
import { corpusDir } from '../server/real-engine.ts';

/**
 * `npm run load` in small (3 s, 10 connections) as a smoke test: it completes against its in-process
 * server, with zero failed requests, and reports memory. No timing is asserted (machines differ);
 * the full run's figures are in the report of issue 6.
 */
const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const cli = fileURLToPath(new URL('../../src/load/cli.ts', import.meta.url));
const run = promisify(execFile);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sip-load-smoke-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm run load (smoke)', () => {
  it('runs --duration 3 --connections 10 to completion with no failed request, and reports memory', async () => {
    const out = join(dir, 'bench');
    const { stdout } = await run(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', cli, '--duration', '3', '--connections', '10', '--warmup', '1', '--min-requests', '0', '--out', out],
      {
        cwd: projectDir,
        env: { ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: join(dir, 'index'), EMBEDDING_MODEL: 'none', FEEDBACK_FILE: join(dir, 'feedback.jsonl') },
        timeout: 90_000,
      },
    );
    expect(stdout).toMatch(/\*\*PASS\*\*/);
    const report = JSON.parse(await readFile(join(out, 'load-report.json'), 'utf8')) as LoadReport & { command: string };
    expect(report.passed).toBe(true);
    expect(report.target.inProcess).toBe(true);
    expect(report.target.mode).toMatch(/extractive answers/);
    expect(report.check.every((item) => item.status === 200 && item.generator === 'extractive')).toBe(true);
    expect(new Set(report.check.map((item) => item.kind))).toEqual(new Set(['zh', 'zh-Hant', 'en', 'decline']));
    expect(report.run.requests).toBeGreaterThan(0);
    expect(report.totals).toMatchObject({ non2xx: 0, errors: 0, timeouts: 0, mismatches: 0 });
    expect(report.memory.gcForced).toBe(true);
    for (const snapshot of [report.memory.before, report.memory.after, report.memory.peakDuringRun]) {
      expect(snapshot.rssMB).toBeGreaterThan(0);
      expect(snapshot.heapUsedMB).toBeGreaterThan(0);
    }
    const markdown = await readFile(join(out, 'load-report.md'), 'utf8');
    expect(markdown).toContain('| before (after warm-up) |');
    expect(markdown).toContain('p99 ms');
  }, 120_000);

  it('--scenario feedback posts feedback, and every record it acknowledged is in the (temporary) feedback file', async () => {
    const out = join(dir, 'bench-feedback');
    const feedbackFile = join(dir, 'data', 'feedback.jsonl');
    const { stdout } = await run(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        cli,
        '--scenario',
        'feedback',
        '--duration',
        '2',
        '--connections',
        '10',
        '--warmup',
        '0',
        '--min-requests',
        '0',
        '--out',
        out,
      ],
      {
        cwd: projectDir,
        env: {
          ...process.env,
          CORPUS_DIR: corpusDir,
          INDEX_DIR: join(dir, 'index'),
          EMBEDDING_MODEL: 'none',
          FEEDBACK_FILE: feedbackFile,
          FEEDBACK_PER_HOUR: '5',
        },
        timeout: 90_000,
      },
    );
    expect(stdout).toMatch(/# Load test: POST \/api\/feedback/);
    expect(stdout).toMatch(/\*\*PASS\*\*/);
    const report = JSON.parse(await readFile(join(out, 'load-report-feedback.json'), 'utf8')) as LoadReport;
    expect(report.settings).toMatchObject({ scenario: 'feedback', path: '/api/feedback' });
    // The quota is off in-process (FEEDBACK_PER_HOUR=5 would have refused almost all of them).
    expect(report.totals).toMatchObject({ non2xx: 0, errors: 0, timeouts: 0, mismatches: 0 });
    expect(report.run.requests).toBeGreaterThan(5);
    expect(report.feedback?.acknowledged).toBe(report.run.ok + 1);
    expect(report.feedback?.onDisk).toBeGreaterThanOrEqual(report.feedback?.acknowledged ?? Infinity);
    // The load's records went to a temporary file beside FEEDBACK_FILE, removed afterwards; the real one is untouched.
    expect(await readdir(join(dir, 'data'))).toEqual([]);
  }, 120_000);

  it('refuses a non-loopback --url and an unknown --scenario', async () => {
    const scenario = await run(process.execPath, ['--import', 'tsx', cli, '--scenario', 'search'], { cwd: projectDir, timeout: 30_000 }).catch(
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(scenario).toMatchObject({ code: 2, stderr: expect.stringContaining('--scenario must be answer or feedback') as unknown });
    const failure = await run(process.execPath, ['--import', 'tsx', cli, '--url', 'http://example.com'], { cwd: projectDir, timeout: 30_000 }).catch(
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining('loopback') as unknown });
  });
});
