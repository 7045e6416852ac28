import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFeedback, readFeedback } from '../../src/question-log/feedback-store.ts';

/**
 * A process killed (SIGKILL: no cleanup, no flush) in the middle of a loop of concurrent feedback
 * appends from 32 writers (group-committed: many records per write and fsync), three times over the
 * same file: every record it acknowledged is there, by id, no earlier record is damaged, at most the very
 * last line is torn (and skipped), and appending afterwards still works.
 * (feedback.test.ts covers a torn last line written by hand. SIGKILL cannot tell an fsync from a plain
 * write, since the page cache survives the process; the store acknowledges only after the fsync.)
 */
const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const appendLoop = fileURLToPath(new URL('../fixtures/feedback-append-loop.ts', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sip-feedback-kill-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs the append loop until it has acknowledged `atLeast` records and `extraMs` more have passed, then SIGKILLs it; returns the acknowledged ids. */
async function killMidLoop(file: string, atLeast: number, extraMs: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', appendLoop, file, '32'], { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const acknowledged: string[] = [];
  let partial = '';
  let errors = '';
  child.stderr.on('data', (data: Buffer) => {
    errors += data.toString();
  });
  // Whole lines only: a chunk may end mid-line.
  child.stdout.on('data', (data: Buffer) => {
    const lines = (partial + data.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const id = /^acked (\S+)$/.exec(line)?.[1];
      if (id !== undefined) acknowledged.push(id);
    }
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`append loop did not get going: ${errors}`)), 20_000);
    const check = setInterval(() => {
      if (acknowledged.length >= atLeast) {
        clearTimeout(timer);
        clearInterval(check);
        resolve();
      }
    }, 5);
    void exited.then(() => {
      clearInterval(check);
      reject(new Error(`append loop exited early: ${errors}`));
    });
  });
  await new Promise((resolve) => setTimeout(resolve, extraMs));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  // What it printed before dying was acknowledged only after the record's batch was on disk.
  return acknowledged;
}

describe('feedback appends killed mid-loop', () => {
  it('lose no acknowledged record and damage none before the kill, round after round', async () => {
    const file = join(dir, 'feedback.jsonl');
    const acknowledged: string[] = [];
    let previousIds: string[] = [];
    for (const [atLeast, extraMs] of [
      [20, 0],
      [100, 37],
      [300, 111],
    ] as const) {
      acknowledged.push(...(await killMidLoop(file, atLeast, extraMs)));
      const skipped: number[] = [];
      const records = await readFeedback(file, { onSkippedLine: (line) => skipped.push(line) });
      const lineCount = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '').length;
      // At most one torn line, and only as the last line of a round (the next append starts a fresh line).
      expect(skipped.length).toBeLessThanOrEqual(lineCount - records.length);
      expect(lineCount - records.length).toBeLessThanOrEqual(3);
      const ids = records.map((record) => record.id);
      expect(new Set(ids).size).toBe(ids.length);
      // Every acknowledged record, by id, from this round and the ones before.
      const stored = new Set(ids);
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
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
