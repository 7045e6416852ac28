import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport, type BenchReport } from '../../src/bench/report.ts';
import { checkTargets } from '../../src/bench/targets.ts';
import { runWorstCaseBench, WORST_CASE_TARGET_MS, type WorstCaseResult } from '../../src/bench/worst-case-bench.ts';

// A smoke run of the worst-case benchmark on a few inputs: it checks what is measured and reported,
// never how fast anything is.
let workDir: string;
let result: WorstCaseResult;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'worst-case-bench-'));
  result = await runWorstCaseBench({ corpusDir: path.resolve('corpus'), workDir, runs: 2, filter: 'reported input' });
}, 120_000);
afterAll(() => rm(workDir, { recursive: true, force: true }));

describe('the worst-case benchmark', () => {
  it('times each chosen input through the engine and through citation verification', () => {
    const engine = result.inputs.filter((item) => item.family === 'follow-ups (long previous turn)');
    const verification = result.inputs.filter((item) => item.family.startsWith('verification'));
    expect(engine.length).toBeGreaterThanOrEqual(5);
    expect(verification).toHaveLength(engine.length);
    for (const item of result.inputs) {
      expect(item.ms).toBeGreaterThan(0);
      expect(item.runs).toBeGreaterThanOrEqual(1);
      expect(item.runs).toBeLessThanOrEqual(2);
      expect(item.historyChars).toBeGreaterThan(4000);
    }
    expect(result.targetMs).toBe(WORST_CASE_TARGET_MS);
  });

  it('is reported as a "Worst-case latency" section with the slowest input per family, and as a target', () => {
    const targets = checkTargets(null, null, result);
    const report: BenchReport = {
      command: 'npm run bench -- --only worst-case',
      date: '2026-01-01T00:00:00.000Z',
      durationSeconds: 1,
      machine: {
        cpuModel: 'test',
        cores: 2,
        memoryGiB: 1,
        platform: 'test',
        node: 'v20',
        v8: '11',
        loadAverageStart: [0, 0, 0],
        loadAverageEnd: [0, 0, 0],
        gc: 'unavailable',
      },
      options: { quick: false, sizes: [], parts: ['worst-case'] },
      targets,
      real: null,
      scale: null,
      worstCase: result,
    };
    const markdown = renderReport(report);
    expect(markdown).toContain('## Worst-case latency: adversarial inputs within the request limits');
    expect(markdown).toContain('| follow-ups (long previous turn) | 5 |');
    expect(markdown).toContain('### The ten slowest inputs');
    expect(markdown).toContain('(issue 11)');
    expect(targets.at(-1)).toMatchObject({ target: expect.stringContaining(`over ${WORST_CASE_TARGET_MS} ms`), met: expect.any(Boolean) });
  });
});
