import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFeedback, readFeedback } from '../../src/server/feedback-store.ts';

/**
 * A process killed (SIGKILL: no cleanup, no flush) in the middle of a loop of concurrent feedback
 * appends, three times over the same file: every record it acknowledged is there, no earlier record is
 * damaged, at most the very last line is torn (and skipped), and appending afterwards still works.
 * (feedback.test.ts covers a torn last line written by hand.)
 */
const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const appendLoop = fileURLToPath(new URL('../fixtures/feedback-append-loop.ts', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sip-feedback-kill-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs the append loop until it has acknowledged `atLeast` records and `extraMs` more have passed, then SIGKILLs it. */
async function killMidLoop(file: string, atLeast: number, extraMs: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', appendLoop, file], { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let acknowledged = 0;
  let errors = '';
  child.stderr.on('data', (data: Buffer) => {
    errors += data.toString();
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`append loop did not get going: ${errors}`)), 20_000);
    child.stdout.on('data', (data: Buffer) => {
      for (const match of data.toString().matchAll(/appended (\d+)/g)) acknowledged = Math.max(acknowledged, Number(match[1]));
      if (acknowledged >= atLeast) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => reject(new Error(`append loop exited early: ${errors}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, extraMs));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  // What it printed before dying was acknowledged only after the record was on disk.
  return acknowledged;
}

describe('feedback appends killed mid-loop', () => {
  it('lose no acknowledged record and damage none before the kill, round after round', async () => {
    const file = join(dir, 'feedback.jsonl');
    let acknowledgedSoFar = 0;
    let previousIds: string[] = [];
    for (const [atLeast, extraMs] of [
      [5, 0],
      [20, 37],
      [40, 111],
    ] as const) {
      acknowledgedSoFar += await killMidLoop(file, atLeast, extraMs);
      const skipped: number[] = [];
      const records = await readFeedback(file, { onSkippedLine: (line) => skipped.push(line) });
      const lineCount = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '').length;
      // At most one torn line, and only as the last line of a round (the next append starts a fresh line).
      expect(skipped.length).toBeLessThanOrEqual(lineCount - records.length);
      expect(lineCount - records.length).toBeLessThanOrEqual(3);
      expect(records.length).toBeGreaterThanOrEqual(acknowledgedSoFar);
      const ids = records.map((record) => record.id);
      expect(new Set(ids).size).toBe(ids.length);
      // Every record from earlier rounds is still there, unchanged in order.
      expect(ids.slice(0, previousIds.length)).toEqual(previousIds);
      for (const record of records) expect(record.comment).toBe('长'.repeat(1500));
      previousIds = ids;
    }

    // After the crashes, appending works and the new record reads back.
    await appendFeedback(file, { id: 'after-the-crashes', receivedAt: new Date().toISOString(), question: '还好吗？', answer: '好。', rating: 'up' });
    const records = await readFeedback(file);
    expect(records.at(-1)?.id).toBe('after-the-crashes');
    expect(records.map((record) => record.id).slice(0, previousIds.length)).toEqual(previousIds);
  }, 90_000);
});
