import { execFile } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { appendFeedback, feedbackLog, readFeedback, type FeedbackRecord } from '../../src/question-log/feedback-store.ts';
import { startRealService, type RealService } from './real-engine.ts';

const record = (id: string, overrides: Partial<FeedbackRecord> = {}): FeedbackRecord => ({
  id,
  receivedAt: '2026-11-25T10:00:00.000Z',
  question: '2020年园区三大新兴产业企业总计多少家？',
  answer: '3150家 [1]。',
  rating: 'up',
  ...overrides,
});

let dir: string;
let service: RealService;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'feedback-test-'));
  service = await startRealService();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await service.close();
});

describe('feedback store', () => {
  it('appends one JSON line per record (creating folders) and reads them back in order', async () => {
    const file = join(dir, 'nested', 'a.jsonl');
    await appendFeedback(file, record('1'));
    await appendFeedback(file, record('2', { rating: 'down', comment: '不对', citations: ['yearbook-2020-emerging#1'] }));
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')).toHaveLength(3);
    expect(text.endsWith('\n')).toBe(true);
    expect(await readFeedback(file)).toEqual([record('1'), record('2', { rating: 'down', comment: '不对', citations: ['yearbook-2020-emerging#1'] })]);
  });

  it('keeps every line whole under concurrent appends', async () => {
    const file = join(dir, 'concurrent.jsonl');
    await Promise.all(Array.from({ length: 25 }, (_, index) => appendFeedback(file, record(String(index), { comment: '长'.repeat(500) }))));
    const records = await readFeedback(file);
    expect(records.map((item) => item.id).sort()).toEqual(Array.from({ length: 25 }, (_, index) => String(index)).sort());
  });

  it('group-commits: records appended together take one write and one fsync, and arrivals during a write join the next batch', async () => {
    const together = feedbackLog(join(dir, 'together.jsonl'));
    await Promise.all(Array.from({ length: 40 }, (_, index) => together.append(record(`t${index}`))));
    expect(together.stats()).toEqual({ records: 40, batches: 1 });
    expect((await readFeedback(join(dir, 'together.jsonl'))).map((item) => item.id)).toEqual(Array.from({ length: 40 }, (_, index) => `t${index}`));

    // One record per turn of the event loop, as requests arrive: a batch's write and fsync take several
    // turns, so the records arriving meanwhile share the next batch instead of one fsync each.
    const file = join(dir, 'arriving.jsonl');
    const arriving = feedbackLog(file);
    const acknowledged: Array<Promise<void>> = [];
    for (let index = 0; index < 100; index += 1) {
      acknowledged.push(arriving.append(record(`a${index}`)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(acknowledged);
    const { records, batches } = arriving.stats();
    expect(records).toBe(100);
    expect(batches).toBeLessThanOrEqual(25);
    expect((await readFeedback(file)).map((item) => item.id)).toEqual(Array.from({ length: 100 }, (_, index) => `a${index}`));
  });

  it('rejects every record of a batch that cannot be written, and the next batch goes through', async () => {
    const file = join(dir, 'blocked.jsonl');
    // A folder where the file should be: opening it fails.
    await mkdir(file);
    const failed = await Promise.allSettled(Array.from({ length: 5 }, (_, index) => appendFeedback(file, record(`f${index}`))));
    expect(failed.map((result) => result.status)).toEqual(Array.from({ length: 5 }, () => 'rejected'));
    expect(String((failed[0] as PromiseRejectedResult).reason)).toMatch(/EISDIR/);
    await rm(file, { recursive: true });
    await appendFeedback(file, record('after'));
    expect((await readFeedback(file)).map((item) => item.id)).toEqual(['after']);
    await expect(appendFeedback(file, { ...record('bad'), rating: 'sideways' as 'up' })).rejects.toThrow();
  });

  it('skips a torn last line instead of failing, and the next append starts a fresh line', async () => {
    const file = join(dir, 'torn.jsonl');
    await appendFeedback(file, record('1'));
    await appendFile(file, '{"id":"2","receivedAt":"2026-11-25T1');
    const skipped: number[] = [];
    expect(await readFeedback(file, { onSkippedLine: (line) => skipped.push(line) })).toEqual([record('1')]);
    expect(skipped).toEqual([2]);

    await appendFeedback(file, record('3'));
    expect((await readFeedback(file)).map((item) => item.id)).toEqual(['1', '3']);
  });

  it('reads a missing file as no feedback and skips lines that are JSON but not records', async () => {
    expect(await readFeedback(join(dir, 'missing.jsonl'))).toEqual([]);
    const file = join(dir, 'odd.jsonl');
    await writeFile(file, `${JSON.stringify(record('1'))}\n{"hello":"world"}\n\n`);
    expect(await readFeedback(file)).toEqual([record('1')]);
  });
});

describe('POST /api/feedback', () => {
  it('stores the feedback durably and answers 201 with its id', async () => {
    const app = await service.app();
    const payload = {
      answerId: 'a-1',
      question: '园区有多少家企业？',
      answer: '3150家 [1]。',
      rating: 'down',
      comment: '缺少2021年数据',
      citations: ['yearbook-2020-emerging#1'],
    };
    const response = await app.inject({ method: 'POST', url: '/api/feedback', payload });
    expect(response.statusCode).toBe(201);
    const body = response.json<{ id: string; receivedAt: string }>();
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    const stored = await readFeedback(service.config.FEEDBACK_FILE);
    expect(stored.at(-1)).toEqual({ id: body.id, receivedAt: body.receivedAt, ...payload });

    const minimal = await app.inject({ method: 'POST', url: '/api/feedback', payload: { question: 'q', answer: '', rating: 'up' } });
    expect(minimal.statusCode).toBe(201);
    expect(Object.keys((await readFeedback(service.config.FEEDBACK_FILE)).at(-1) ?? {}).sort()).toEqual(['answer', 'id', 'question', 'rating', 'receivedAt']);
  });
});

describe('POST /api/feedback when the store cannot take it', () => {
  it('answers 503 FEEDBACK_UNAVAILABLE with retry-after, not a bare 500, and keeps the cause out of the response', async () => {
    // A feedback file "inside" a regular file: every write fails (ENOTDIR), as on a full or read-only disk.
    const blocker = join(dir, 'not-a-folder');
    await writeFile(blocker, '');
    const app = await service.app({ FEEDBACK_FILE: join(blocker, 'feedback.jsonl') });
    const response = await app.inject({ method: 'POST', url: '/api/feedback', payload: { question: 'q', answer: 'a', rating: 'up' } });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('30');
    expect(response.json()).toEqual({
      statusCode: 503,
      code: 'FEEDBACK_UNAVAILABLE',
      error: 'Service Unavailable',
      message: expect.stringContaining('could not be stored'),
    });
    expect(response.body).not.toContain('ENOTDIR');
  });
});

describe("POST /api/feedback limits (each record is written and fsync'd: a disk filler otherwise)", () => {
  const payload = { question: '园区有多少家企业？', answer: '3150家 [1]。', rating: 'up' };
  const post = (app: Awaited<ReturnType<RealService['app']>>, extra: Record<string, unknown> = {}) =>
    app.inject({ method: 'POST', url: '/api/feedback', payload, ...extra });
  const storedCount = async () => (await readFeedback(service.config.FEEDBACK_FILE)).length;

  it('refuses a record over 8 KB with 413 FEEDBACK_TOO_LARGE and stores nothing', async () => {
    const app = await service.app();
    const before = await storedCount();
    // Valid field by field (3000 characters of answer), but 9 KB as UTF-8.
    const large = { ...payload, answer: '园'.repeat(3000) };
    const response = await app.inject({ method: 'POST', url: '/api/feedback', payload: large });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({
      statusCode: 413,
      code: 'FEEDBACK_TOO_LARGE',
      error: 'Payload Too Large',
      message: expect.stringContaining('at most 8 KB'),
    });
    expect(await storedCount()).toBe(before);
    // Just under the cap is stored; other routes keep their 16 KB limit.
    expect((await app.inject({ method: 'POST', url: '/api/feedback', payload: { ...payload, answer: '园'.repeat(2600) } })).statusCode).toBe(201);
    const answer = await app.inject({
      method: 'POST',
      url: '/api/answer',
      payload: { question: '园区', history: [{ role: 'assistant', content: '园'.repeat(3000) }] },
    });
    expect(answer.statusCode).toBe(200);
  });

  it('stores at most FEEDBACK_PER_HOUR records per client address, then 429 FEEDBACK_QUOTA_EXCEEDED with retry-after', async () => {
    const app = await service.app({ FEEDBACK_PER_HOUR: 3 });
    const before = await storedCount();
    for (let index = 0; index < 3; index += 1) expect((await post(app, { remoteAddress: '198.51.100.1' })).statusCode).toBe(201);
    const refused = await post(app, { remoteAddress: '198.51.100.1' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({
      statusCode: 429,
      code: 'FEEDBACK_QUOTA_EXCEEDED',
      error: 'Too Many Requests',
      message: expect.stringContaining('at most 3 per hour'),
    });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await storedCount()).toBe(before + 3);
    // Another client has its own quota, and the limited one can still ask questions.
    expect((await post(app, { remoteAddress: '198.51.100.2' })).statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/api/answer', payload: { question: '园区' }, remoteAddress: '198.51.100.1' })).statusCode).toBe(200);
  });

  it('applies the quota with the per-minute rate limit off, counts no refused API key against it, and is off at 0', async () => {
    const keyed = await service.app({ FEEDBACK_PER_HOUR: 1, RATE_LIMIT_PER_MINUTE: 0, API_KEYS: ['k'] });
    for (let index = 0; index < 3; index += 1) expect((await post(keyed)).statusCode).toBe(401);
    expect((await post(keyed, { headers: { 'x-api-key': 'k' } })).statusCode).toBe(201);
    expect((await post(keyed, { headers: { 'x-api-key': 'k' } })).json()).toMatchObject({ code: 'FEEDBACK_QUOTA_EXCEEDED' });
    const unlimited = await service.app({ FEEDBACK_PER_HOUR: 0 });
    for (let index = 0; index < 5; index += 1) expect((await post(unlimited)).statusCode).toBe(201);
  });

  it('reads FEEDBACK_PER_HOUR from the environment (default 60) and names it when wrong', () => {
    expect(loadConfig({}).FEEDBACK_PER_HOUR).toBe(60);
    expect(loadConfig({ FEEDBACK_PER_HOUR: '0' }).FEEDBACK_PER_HOUR).toBe(0);
    for (const bad of ['-1', 'many', '2.5']) expect(() => loadConfig({ FEEDBACK_PER_HOUR: bad })).toThrow(/FEEDBACK_PER_HOUR/);
  });
});

describe('npm run feedback', () => {
  const cli = fileURLToPath(new URL('../../src/feedback-cli.ts', import.meta.url));
  const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
  const run = promisify(execFile);

  it('prints the stored feedback as a table, or as JSON lines with --json, warning about torn lines', async () => {
    const file = join(dir, 'cli.jsonl');
    await appendFeedback(file, record('1', { comment: 'good' }));
    await appendFeedback(file, record('2', { rating: 'down' }));
    await appendFile(file, '{"id":"3"');
    const table = await run(tsx, [cli, '--file', file]);
    expect(table.stdout).toContain('good');
    expect(table.stdout).toContain('2 records: 1 up, 1 down');
    expect(table.stderr).toContain('skipped line 3');
    const json = await run(tsx, [cli, '--file', file, '--json']);
    expect(
      json.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as FeedbackRecord).id),
    ).toEqual(['1', '2']);
  });
});
