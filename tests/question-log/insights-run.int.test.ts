import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerResponse } from '../../src/question/answer-parts.ts';
import type { QuestionGroup } from '../../src/question-log/group-questions.ts';
import type { Insights } from '../../src/question-log/question-insights.ts';
import { listenOnLoopback } from '../browser/listen-on-loopback.ts';
import { startRealService, type RealService } from '../server/real-engine.ts';
import { scriptedTopics } from './scripted-questions.ts';

const run = promisify(execFile);
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const cli = fileURLToPath(new URL('../../src/question-log/insights-cli.ts', import.meta.url));
const adminKey = 'admin-key-for-the-insights-run';
const partner = 'https://partner.example.com';

type Channel = 'json' | 'sse' | 'chat' | 'chat-stream';
const channels: Channel[] = ['json', 'sse', 'chat', 'chat-stream'];

interface Asked {
  topic: string;
  language: 'zh' | 'en';
  wording: string;
  channel: Channel;
  requestId: string;
}

let service: RealService;
let app: FastifyInstance;
let origin: string;
let logFile: string;
const asked: Asked[] = [];
/** What the engine did with each wording (JSON and SSE answers; chat answers come from the same engine). */
const answeredByWording = new Map<string, boolean[]>();

async function ask({ wording, channel, requestId }: Asked): Promise<void> {
  const headers = { 'content-type': 'application/json', 'x-request-id': requestId, origin: partner };
  if (channel === 'json' || channel === 'sse') {
    const response = await fetch(`${origin}/api/answer`, {
      method: 'POST',
      headers: { ...headers, accept: channel === 'sse' ? 'text/event-stream' : 'application/json' },
      body: JSON.stringify({ question: wording }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    const body: AnswerResponse = channel === 'json' ? JSON.parse(text) : JSON.parse(/event: done\ndata: (.*)\n/.exec(text)?.[1] ?? 'null');
    answeredByWording.set(wording, [...(answeredByWording.get(wording) ?? []), body.answered]);
    return;
  }
  const response = await fetch(`${origin}/v1/chat/completions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ stream: channel === 'chat-stream', messages: [{ role: 'user', content: wording }] }),
  });
  expect(response.status).toBe(200);
  await response.text();
}

beforeAll(async () => {
  service = await startRealService({ ADMIN_API_KEY: adminKey });
  logFile = join(service.dir, 'run-questions.jsonl');
  app = await service.app({ QUESTION_LOG_FILE: logFile });
  origin = await listenOnLoopback(app);
  let number = 0;
  for (const topic of scriptedTopics) {
    for (const language of ['zh', 'en'] as const) {
      for (const wording of topic[language]) {
        for (let time = 0; time < topic.times; time += 1) {
          number += 1;
          asked.push({ topic: topic.topic, language, wording, channel: channels[number % channels.length] as Channel, requestId: `run-${number}` });
        }
      }
    }
  }
  // Four at a time, as several visitors would.
  for (let start = 0; start < asked.length; start += 4) await Promise.all(asked.slice(start, start + 4).map(ask));
  // Thumbs-down with comments on three declined answers, one on an answer the log never saw, one thumbs-up.
  const declinedJson = asked.filter((item) => item.channel === 'json' && answeredByWording.get(item.wording)?.[0] === false).slice(0, 3);
  const feedback = [
    ...declinedJson.map((item, index) => ({
      answerId: item.requestId,
      question: item.wording,
      answer: '…',
      rating: 'down',
      comment: `需要这方面的信息 ${index + 1}`,
    })),
    { answerId: 'never-logged', question: '别处的问题', answer: '…', rating: 'down', comment: '联系我 13912345678' },
    { answerId: asked[0]?.requestId, question: asked[0]?.wording, answer: '…', rating: 'up' },
  ];
  for (const record of feedback) {
    const response = await fetch(`${origin}/api/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(record) });
    expect(response.status).toBe(201);
  }
  await app.questionLogger.flush();
}, 240_000);

afterAll(() => service?.close());

/** Whether the engine declined this wording: every JSON/SSE answer to it must agree (the engine is deterministic). */
function declined(wording: string): boolean {
  const seen = answeredByWording.get(wording) ?? [];
  expect(new Set(seen).size, wording).toBe(1);
  return seen[0] === false;
}

/** The groups the run should produce for declined questions: per topic, or per topic and language. */
function expectedDeclinedGroups(): Array<{ key: string; wordings: Set<string>; count: number }> {
  const groups = new Map<string, { key: string; wordings: Set<string>; count: number }>();
  for (const item of asked) {
    if (!declined(item.wording)) continue;
    const topic = scriptedTopics.find((candidate) => candidate.topic === item.topic);
    const key = topic?.languagesMeet === true ? item.topic : `${item.topic} (${item.language})`;
    const group = groups.get(key) ?? { key, wordings: new Set<string>(), count: 0 };
    group.wordings.add(item.wording);
    group.count += 1;
    groups.set(key, group);
  }
  return [...groups.values()];
}

function expectDeclinedGroupedLikeTheRun(groups: QuestionGroup[]): void {
  const expected = expectedDeclinedGroups();
  expect(expected.length).toBeGreaterThanOrEqual(8);
  // As many groups as topics (per language where the bridge cannot join them): nothing split, nothing merged.
  expect(groups.map((group) => group.label).sort()).toHaveLength(expected.length);
  for (const { key, wordings, count } of expected) {
    const holding = groups.filter((group) => group.examples.some((example) => wordings.has(example)));
    expect(holding, key).toHaveLength(1);
    expect(new Set(holding[0]?.examples), key).toEqual(wordings);
    expect(holding[0]?.count, key).toBe(count);
  }
}

describe('a scripted run of a few hundred mixed questions, then the insights', () => {
  it('logged every question the run asked, with the counts the run saw', async () => {
    expect(asked.length).toBeGreaterThanOrEqual(300);
    const response = await fetch(`${origin}/api/admin/insights?limit=50`, { headers: { authorization: `Bearer ${adminKey}` } });
    expect(response.status).toBe(200);
    const insights = (await response.json()) as Insights;
    const declinedCount = asked.filter((item) => declined(item.wording)).length;
    expect(insights.totals).toMatchObject({
      questions: asked.length,
      declined: declinedCount,
      answered: asked.length - declinedCount,
      zh: asked.filter((item) => item.language === 'zh').length,
      en: asked.filter((item) => item.language === 'en').length,
      thumbsDown: 4,
      thumbsUp: 1,
      feedbackLinked: 4,
    });
    expect(insights.perDay.reduce((sum, day) => sum + day.questions, 0)).toBe(asked.length);
    expect(insights.origins).toEqual([{ origin: partner, questions: asked.length }]);
    expectDeclinedGroupedLikeTheRun(insights.declinedQuestions);
    // The bridge joins English and Chinese wordings of topics the documents cover.
    const biomedicine = insights.topQuestions.find((group) => group.examples.includes('2020年园区生物医药产业产值是多少？'));
    expect(biomedicine?.examples).toContain("What was the output value of SIP's biomedicine industry in 2020?");
    const budget = insights.topQuestions.find((group) => group.examples.includes('2023年园区一般公共预算收入是多少？'));
    expect(budget?.examples).toContain("What was SIP's general public budget revenue in 2023?");
    // Thumbs-down: linked ones show the logged question; the unlinked one has its contact data removed.
    const linked = insights.thumbsDown.filter((item) => item.linked);
    expect(linked).toHaveLength(3);
    for (const item of linked) expect(item).toMatchObject({ answered: false, comment: expect.stringMatching(/^需要这方面的信息 \d$/) });
    expect(insights.thumbsDown.find((item) => !item.linked)?.comment).toBe('联系我 [contact removed]');
    expect(insights.passagesCitedMost.length).toBeGreaterThan(0);
    expect(insights.passagesNeverCited.length).toBeGreaterThan(0);
  });

  it('npm run insights shows the same groups (JSON, text and CSV)', async () => {
    const env = {
      ...process.env,
      INDEX_DIR: service.config.indexDir,
      CORPUS_DIR: service.config.corpusDir,
      EMBEDDING_MODEL: 'none',
      QUESTION_LOG_FILE: logFile,
      FEEDBACK_FILE: service.config.FEEDBACK_FILE,
    };
    const json = JSON.parse((await run(tsx, [cli, '--json', '--limit', '50'], { env })).stdout) as Insights;
    const fromRoute = (await (await fetch(`${origin}/api/admin/insights?limit=50`, { headers: { 'x-admin-key': adminKey } })).json()) as Insights;
    expect(json.declinedQuestions).toEqual(fromRoute.declinedQuestions);
    expect(json.topQuestions).toEqual(fromRoute.topQuestions);
    expect(json.totals).toEqual(fromRoute.totals);
    expectDeclinedGroupedLikeTheRun(json.declinedQuestions);

    const text = (await run(tsx, [cli, '--limit', '50'], { env })).stdout;
    expect(text).toContain(`${asked.length} questions: ${fromRoute.totals.answered} answered, ${fromRoute.totals.declined} declined`);
    const top = fromRoute.declinedQuestions[0] as QuestionGroup;
    expect(text).toContain(`${String(top.count).padStart(4)} × ${top.label}`);

    const csv = (await run(tsx, [cli, '--csv', '--limit', '50'], { env })).stdout;
    const declinedRows = csv.split('\r\n').filter((line) => line.startsWith('declined questions,'));
    expect(declinedRows).toHaveLength(fromRoute.declinedQuestions.length);
    expect(declinedRows[0]).toContain(`,${top.count},`);
    const questions = (await run(tsx, [cli, '--questions-csv'], { env })).stdout;
    expect(questions.trim().split('\r\n')).toHaveLength(asked.length + 1);
  });

  it('serves the CSV exports behind the admin key only', async () => {
    const refused = await fetch(`${origin}/api/admin/insights.csv`);
    expect(refused.status).toBe(401);
    const csv = await fetch(`${origin}/api/admin/questions.csv`, { headers: { authorization: `Bearer ${adminKey}` } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await csv.arrayBuffer());
    // A byte-order mark first, so Excel reads the Chinese as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('at,language,question,resolved_question,answered,citations,retrieval,generator,channel,latency_ms,origin,rating,comment');
    expect(lines).toHaveLength(asked.length + 1);
    expect(lines.filter((line) => line.endsWith(',down,需要这方面的信息 1'))).toHaveLength(1);
  });
});
