import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonLinesQuestionStore } from '../../src/question-log/json-lines-question-store.ts';
import type { QuestionLogEntry } from '../../src/question-log/question-log-entry.ts';
import type { QuestionLogStore } from '../../src/question-log/question-log-store.ts';
import { createQuestionLogger } from '../../src/question-log/question-logger.ts';
import { entry } from './fixtures.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sip-question-logger-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A store that holds every write until released: the real interface, stuck (a database that hangs). */
function stuckStore(): QuestionLogStore & { batches: QuestionLogEntry[][]; release: () => void } {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const batches: QuestionLogEntry[][] = [];
  return {
    description: 'stuck store',
    batches,
    release: () => release(),
    async append(entries) {
      batches.push([...entries]);
      await gate;
    },
    read: async () => batches.flat(),
    deleteBefore: async () => 0,
  };
}

describe('the write-behind question logger', () => {
  it('returns before anything is written, then writes the entries of one turn in one batch', async () => {
    const store = stuckStore();
    const logger = createQuestionLogger({ store, retentionDays: 90, retentionIntervalMs: 0 });
    for (let index = 0; index < 5; index += 1) logger.record(entry());
    expect(store.batches).toEqual([]);
    expect(logger.stats()).toEqual({ enabled: true, written: 0, dropped: 0, queued: 5 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.batches.map((batch) => batch.length)).toEqual([5]);
    store.release();
    await logger.flush();
    expect(logger.stats()).toEqual({ enabled: true, written: 5, dropped: 0, queued: 0 });
  });

  it('bounds the queue while the store hangs: entries past it are dropped and counted', async () => {
    const store = stuckStore();
    const logger = createQuestionLogger({ store, retentionDays: 90, retentionIntervalMs: 0, maxQueued: 3, maxBatch: 2 });
    logger.record(entry());
    await new Promise((resolve) => setImmediate(resolve));
    // One entry is being written (stuck); three more fit in the queue; the fifth and sixth do not.
    for (let index = 0; index < 5; index += 1) logger.record(entry());
    expect(logger.stats()).toEqual({ enabled: true, written: 0, dropped: 2, queued: 3 });
    store.release();
    await logger.flush();
    expect(logger.stats()).toEqual({ enabled: true, written: 4, dropped: 2, queued: 0 });
    expect(store.batches.map((batch) => batch.length)).toEqual([1, 2, 1]);
  });

  it('gives up waiting for a hung store on close', async () => {
    const store = stuckStore();
    const logger = createQuestionLogger({ store, retentionDays: 90, retentionIntervalMs: 0, closeWaitMs: 50 });
    logger.record(entry());
    await logger.close();
    expect(logger.stats().queued).toBe(0);
    expect(logger.stats().written).toBe(0);
  });

  it('deletes entries older than LOG_RETENTION_DAYS on the injected clock, from the real file', async () => {
    const store = jsonLinesQuestionStore(join(dir, 'questions.jsonl'));
    let now = new Date('2026-12-07T12:00:00.000Z');
    const logger = createQuestionLogger({ store, retentionDays: 90, retentionIntervalMs: 0, now: () => now });
    const old = entry({ at: '2026-09-08T11:59:59.000Z' });
    const young = entry({ at: '2026-09-08T12:00:01.000Z' });
    logger.record(old);
    logger.record(young);
    await logger.flush();
    expect(await logger.enforceRetention()).toBe(1);
    expect(await store.read()).toEqual([young]);
    now = new Date('2026-12-07T12:00:02.000Z');
    expect(await logger.enforceRetention()).toBe(1);
    expect(await store.read()).toEqual([]);
  });
});
