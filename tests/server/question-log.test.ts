import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig, questionLogFile } from '../../src/config.ts';
import type { AnswerResponse } from '../../src/question/answer-parts.ts';
import { jsonLinesQuestionStore, readQuestionLogFile } from '../../src/question-log/json-lines-question-store.ts';
import type { QuestionLogEntry } from '../../src/question-log/question-log-entry.ts';
import type { QuestionLogStore } from '../../src/question-log/question-log-store.ts';
import { parseSse, startRealService, type RealService } from './real-engine.ts';

const zhQuestion = '2020年园区三大新兴产业企业总计多少家？';
const enQuestion = 'How many companies were in the three emerging industries in 2020?';
const offCorpus = '上海迪士尼乐园的门票多少钱？';
const partner = 'https://partner.example.com';

const oldEntry: QuestionLogEntry = {
  id: 'old',
  at: '2026-01-01T00:00:00.000Z',
  requestId: 'r-old',
  question: zhQuestion,
  language: 'zh',
  answered: true,
  citations: [],
  mode: { retrieval: 'lexical', generator: 'extractive' },
  channel: 'answer',
  latencyMs: 2,
};

let service: RealService;
let fileNumber = 0;
beforeAll(async () => {
  service = await startRealService();
});
afterAll(() => service.close());

/** A fresh log file per test, so entries from other tests never count. */
function freshLog(): { QUESTION_LOG_FILE: string } {
  fileNumber += 1;
  return { QUESTION_LOG_FILE: join(service.dir, `questions-${fileNumber}.jsonl`) };
}

/** A store whose every write fails (a full disk, a database that is down): the real interface, failing. */
function failingStore(): QuestionLogStore & { attempts: number } {
  return {
    description: 'failing store',
    attempts: 0,
    async append() {
      this.attempts += 1;
      throw new Error('disk full');
    },
    read: async () => [],
    deleteBefore: async () => 0,
  };
}

describe('question log (every answered or declined question)', () => {
  it('logs JSON and SSE answers, chat completions (both), declines, with contacts redacted and no IP', async () => {
    const settings = freshLog();
    const app = await service.app(settings);
    const json = await app.inject({
      method: 'POST',
      url: '/api/answer',
      headers: { origin: partner },
      payload: { question: `${zhQuestion} 我的电话13912345678` },
    });
    expect(json.statusCode).toBe(200);
    const sse = await app.inject({
      method: 'POST',
      url: '/api/answer',
      headers: { accept: 'text/event-stream', 'x-request-id': 'turn-abc123' },
      payload: { question: enQuestion },
    });
    expect(parseSse(sse.body).at(-1)?.event).toBe('done');
    const declined = await app.inject({ method: 'POST', url: '/api/answer', payload: { question: offCorpus } });
    expect(declined.json<AnswerResponse>().answered).toBe(false);
    await app.inject({ method: 'POST', url: '/v1/chat/completions', payload: { messages: [{ role: 'user', content: zhQuestion }] } });
    const chatStream = await app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: { stream: true, messages: [{ role: 'user', content: enQuestion }] },
    });
    expect(chatStream.body).toContain('[DONE]');
    // Refused requests are not questions answered or declined.
    expect((await app.inject({ method: 'POST', url: '/api/answer', payload: { question: '' } })).statusCode).toBe(400);

    await app.questionLogger.flush();
    const entries = await readQuestionLogFile(settings.QUESTION_LOG_FILE);
    expect(entries.map((entry) => entry.channel)).toEqual(['answer', 'answer-stream', 'answer', 'chat', 'chat-stream']);
    const [first, second, third] = entries as [QuestionLogEntry, QuestionLogEntry, QuestionLogEntry];
    expect(first.question).toBe(`${zhQuestion} 我的电话[contact removed]`);
    expect(first).toMatchObject({
      language: 'zh',
      answered: json.json<AnswerResponse>().answered,
      origin: partner,
      requestId: json.headers['x-request-id'],
      mode: { retrieval: 'lexical', generator: 'extractive' },
    });
    expect(first.citations).toEqual(json.json<AnswerResponse>().citations.map((citation) => citation.id));
    expect(first.latencyMs).toBeGreaterThanOrEqual(0);
    expect(second).toMatchObject({ question: enQuestion, language: 'en', answered: true, requestId: 'turn-abc123' });
    expect(second).not.toHaveProperty('origin');
    expect(third).toMatchObject({ question: offCorpus, answered: false, citations: [] });
    const stored = JSON.stringify(entries);
    expect(stored).not.toContain('13912345678');
    expect(stored).not.toContain('127.0.0.1');
    expect(Object.keys(first).sort()).toEqual([
      'answered',
      'at',
      'channel',
      'citations',
      'id',
      'language',
      'latencyMs',
      'mode',
      'origin',
      'question',
      'requestId',
    ]);

    const health = (await app.inject({ method: 'GET', url: '/api/health' })).json<{ questionLog: unknown }>();
    expect(health.questionLog).toEqual({ enabled: true, written: 5, dropped: 0, queued: 0 });
  });

  it('stores the standalone question a follow-up was rewritten into', async () => {
    const settings = freshLog();
    const app = await service.app(settings);
    const history = [
      { role: 'user', content: '2020年园区生物医药产业产值是多少？' },
      { role: 'assistant', content: '2020年园区生物医药产业产值1000亿元。' },
    ];
    const response = await app.inject({ method: 'POST', url: '/api/answer', payload: { question: '那纳米技术应用产业呢？', history } });
    const body = response.json<AnswerResponse>();
    await app.questionLogger.flush();
    const [entry] = await readQuestionLogFile(settings.QUESTION_LOG_FILE);
    expect(body.resolvedQuestion).toBeDefined();
    expect(entry).toMatchObject({ question: '那纳米技术应用产业呢？', resolvedQuestion: body.resolvedQuestion });
  });

  it('writes nothing with QUESTION_LOG=off and says so in /api/health', async () => {
    const settings = freshLog();
    const app = await service.app({ ...settings, QUESTION_LOG: 'off' });
    expect((await app.inject({ method: 'POST', url: '/api/answer', payload: { question: zhQuestion } })).statusCode).toBe(200);
    await app.questionLogger.flush();
    expect(await readQuestionLogFile(settings.QUESTION_LOG_FILE)).toEqual([]);
    const health = (await app.inject({ method: 'GET', url: '/api/health' })).json<{ questionLog: unknown }>();
    expect(health.questionLog).toEqual({ enabled: false, written: 0, dropped: 0, queued: 0 });
  });

  it('keeps answering when the store fails, and counts the dropped entries in /api/health', async () => {
    const store = failingStore();
    const app = await service.app({}, { questionLogStore: store });
    for (const question of [zhQuestion, enQuestion, offCorpus]) {
      const response = await app.inject({ method: 'POST', url: '/api/answer', payload: { question } });
      expect(response.statusCode).toBe(200);
    }
    const stream = await app.inject({ method: 'POST', url: '/api/answer', headers: { accept: 'text/event-stream' }, payload: { question: zhQuestion } });
    expect(parseSse(stream.body).at(-1)?.event).toBe('done');
    await app.questionLogger.flush();
    expect(store.attempts).toBeGreaterThan(0);
    const health = (await app.inject({ method: 'GET', url: '/api/health' })).json<{ questionLog: unknown }>();
    expect(health.questionLog).toEqual({ enabled: true, written: 0, dropped: 4, queued: 0 });
  });

  it('deletes entries older than LOG_RETENTION_DAYS after the server starts (injected clock)', async () => {
    const settings = freshLog();
    const now = new Date('2026-12-07T12:00:00.000Z');
    const store = jsonLinesQuestionStore(settings.QUESTION_LOG_FILE);
    const young = { ...oldEntry, id: 'young', at: '2026-11-30T00:00:00.000Z' };
    const old = { ...oldEntry, at: '2026-11-06T11:59:00.000Z' };
    await store.append([old, young]);
    // By default the first run waits a minute: reading a large log must not compete with the first requests.
    const waiting = await service.app({ ...settings, LOG_RETENTION_DAYS: 31 }, { now: () => now });
    await waiting.ready();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await readQuestionLogFile(settings.QUESTION_LOG_FILE)).toEqual([old, young]);
    const app = await service.app({ ...settings, LOG_RETENTION_DAYS: 31 }, { now: () => now, retentionDelayMs: 0 });
    await app.ready();
    await vi.waitFor(async () => expect(await readQuestionLogFile(settings.QUESTION_LOG_FILE)).toEqual([young]));
  });

  it('still deletes old entries with QUESTION_LOG=off (what was logged before still ages out)', async () => {
    const settings = freshLog();
    const store = jsonLinesQuestionStore(settings.QUESTION_LOG_FILE);
    await store.append([oldEntry]);
    const app = await service.app({ ...settings, QUESTION_LOG: 'off' }, { now: () => new Date('2026-12-07T12:00:00.000Z'), retentionDelayMs: 0 });
    await app.ready();
    await vi.waitFor(async () => expect(await readQuestionLogFile(settings.QUESTION_LOG_FILE)).toEqual([]));
  });

  it('refuses bad settings with a message naming them', () => {
    expect(() => loadConfig({ QUESTION_LOG: 'maybe' })).toThrow(/QUESTION_LOG/);
    expect(() => loadConfig({ LOG_RETENTION_DAYS: '0' })).toThrow(/LOG_RETENTION_DAYS/);
    expect(() => loadConfig({ LOG_RETENTION_DAYS: 'ninety' })).toThrow(/LOG_RETENTION_DAYS/);
    expect(loadConfig({}).LOG_RETENTION_DAYS).toBe(90);
    expect(loadConfig({}).QUESTION_LOG).toBe('on');
  });

  it('puts the log beside the feedback file unless QUESTION_LOG_FILE says otherwise', () => {
    expect(questionLogFile({ FEEDBACK_FILE: '/srv/data/feedback.jsonl', QUESTION_LOG_FILE: undefined })).toBe('/srv/data/questions.jsonl');
    expect(questionLogFile({ FEEDBACK_FILE: '/srv/data/feedback.jsonl', QUESTION_LOG_FILE: '/var/log/q.jsonl' })).toBe('/var/log/q.jsonl');
  });
});
