import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonLinesQuestionStore, readQuestionLogFile } from '../../src/question-log/json-lines-question-store.ts';
import { entry } from './fixtures.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sip-question-store-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the JSON-lines question store', () => {
  it('appends batches as lines and reads them back, oldest first, from a given time on', async () => {
    const file = join(dir, 'sub', 'questions.jsonl');
    const store = jsonLinesQuestionStore(file);
    const old = entry({ at: '2026-01-01T00:00:00.000Z' });
    const recent = [entry({ at: '2026-06-01T00:00:00.000Z' }), entry({ at: '2026-06-02T00:00:00.000Z', language: 'en', question: 'R&D spending?' })];
    await store.append([old]);
    await store.append(recent);
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(4);
    expect(await store.read()).toEqual([old, ...recent]);
    expect(await store.read({ since: new Date('2026-05-01T00:00:00Z') })).toEqual(recent);
  });

  it('deletes entries older than the cutoff and keeps the rest, and skips a torn line', async () => {
    const file = join(dir, 'questions.jsonl');
    const store = jsonLinesQuestionStore(file);
    const kept = entry({ at: '2026-09-10T00:00:00.000Z' });
    await store.append([entry({ at: '2026-01-01T00:00:00.000Z' }), entry({ at: '2026-09-08T23:59:59.999Z' }), kept]);
    await appendFile(file, '{"id":"torn","at":"2026-09');
    const skipped: number[] = [];
    expect(await readQuestionLogFile(file, { onSkippedLine: (line) => skipped.push(line) })).toHaveLength(3);
    expect(skipped).toEqual([4]);
    expect(await store.deleteBefore(new Date('2026-09-09T00:00:00.000Z'))).toBe(2);
    expect(await readQuestionLogFile(file)).toEqual([kept]);
    // Appends after a rewrite land in the new file.
    const later = entry({ at: '2026-09-11T00:00:00.000Z' });
    await store.append([later]);
    expect(await store.read()).toEqual([kept, later]);
  });

  it('leaves a log with nothing old enough untouched, whatever its questions quote', async () => {
    const file = join(dir, 'questions.jsonl');
    const store = jsonLinesQuestionStore(file);
    // A question that quotes an old `"at"` must not be read as the entry's time.
    const quoting = entry({ at: '2026-09-10T00:00:00.000Z', question: 'what does {"at":"2000-01-01T00:00:00.000Z"} mean?' });
    await store.append([quoting, entry({ at: '2026-09-11T00:00:00.000Z' })]);
    const before = await stat(file);
    expect(await store.deleteBefore(new Date('2026-09-09T00:00:00.000Z'))).toBe(0);
    expect((await stat(file)).ino).toBe(before.ino);
    expect(await readQuestionLogFile(file)).toHaveLength(2);
    // One entry past the cutoff: the log is rewritten without it.
    expect(await store.deleteBefore(new Date('2026-09-10T12:00:00.000Z'))).toBe(1);
    expect((await readQuestionLogFile(file)).map((kept) => kept.at)).toEqual(['2026-09-11T00:00:00.000Z']);
  });

  it('reads a missing file as an empty log', async () => {
    const store = jsonLinesQuestionStore(join(dir, 'none.jsonl'));
    expect(await store.read()).toEqual([]);
    expect(await store.deleteBefore(new Date())).toBe(0);
  });
});
