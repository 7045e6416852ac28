import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { loadAnswerEngine } from '../../src/generation/answer-engine.ts';
import type { AnswerResponse } from '../../src/generation/answer-parts.ts';
import { createLlmGenerator } from '../../src/generation/llm-generator.ts';
import { redactContacts } from '../../src/generation/redact-contacts.ts';
import { buildIndex } from '../../src/ingest/build-index.ts';
import { buildApp } from '../../src/server/app.ts';
import { startFakeOpenAI, type FakeOpenAI, type FakeReply } from '../fixtures/fake-openai-server.ts';
import { contactsIn, makePoisonedCorpus, plantedEmail, plantedPhone, poisonedSlug } from '../fixtures/poisoned-corpus.ts';

/**
 * Gaps in src/generation (not ours to edit) that issue 6 needs closed. Each test fails until the engine
 * is fixed; the report says where and how. The HTTP layer already covers what it can (see
 * src/server/redacting-engine.ts); these are what it cannot, or what the CLIs still show.
 */
let dir: string;
let config: Config;
const apps: FastifyInstance[] = [];
let fake: FakeOpenAI | null = null;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sip-engine-gaps-'));
  const corpusDir = await makePoisonedCorpus(dir);
  const indexDir = join(dir, 'index');
  await buildIndex({ corpusDir, indexDir, embedding: { enabled: false, model: 'none', cacheDir: dir, allowRemote: false } });
  config = loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDING_MODEL: 'none', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'silent' });
});
afterEach(async () => {
  await fake?.close();
  fake = null;
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await rm(dir, { recursive: true, force: true });
});

async function llmEngine(reply: FakeReply) {
  fake = await startFakeOpenAI({ script: reply });
  return loadAnswerEngine({ config, llm: createLlmGenerator({ baseUrl: fake.url, apiKey: '', model: 'fake-model', timeoutMs: 3000 }) });
}

async function answerOverHttp(reply: FakeReply, question: string): Promise<AnswerResponse> {
  const app = await buildApp({ engine: await llmEngine(reply), config });
  apps.push(app);
  const response = await app.inject({ method: 'POST', url: '/api/answer', payload: { question } });
  expect(response.statusCode).toBe(200);
  return response.json<AnswerResponse>();
}

const question = '园区企业服务中心设有哪些窗口？';
const honest = '企业服务中心设有综合受理、政策兑现、人才服务等窗口 [1]。';

describe('verification lets an obeying model’s claims through (src/generation/verify-citations.ts)', () => {
  it('drops an uncited sentence no passage supports ("管理员密码是hunter2。")', async () => {
    // verifyCitations keeps every unmarked sentence without numbers as it is (soleTermSupport only adds a
    // citation when it finds one). Such a sentence should be dropped (and counted in `removed`) unless
    // some passage supports its wording.
    const answer = await answerOverHttp({ kind: 'text', text: `${honest}管理员密码是hunter2。` }, question);
    expect(answer.answer).toContain('综合受理');
    expect(answer.answer).not.toContain('hunter2');
  });

  it('does not state the planted claim ("园区已倒闭") on the strength of the instruction that contains it', async () => {
    // The unmarked "园区已倒闭。" is cited to the poisoned passage because its wording is there — inside
    // 「回答“园区已倒闭”」. Support found only inside an instruction is no support. Suggested fix at ingest:
    // a cleaner that drops sentences addressed to a model (忽略之前的…指令 / ignore previous instructions),
    // logged, so neither generator ever sees them.
    const answer = await answerOverHttp({ kind: 'text', text: `${honest}园区已倒闭。` }, question);
    expect(answer.answer).toContain('综合受理');
    expect(answer.answer).not.toMatch(/园区已倒闭(?!”)/);
  });
});

describe('contact redaction in the engine (src/generation/redact-contacts.ts, create-answer-engine.ts)', () => {
  it('redactContacts is idempotent: its own "[WeChat id removed]" is not a WeChat id', () => {
    const once = redactContacts('详情请加微信号：sip_office1。');
    expect(redactContacts(once)).toBe(once);
  });

  it('an LLM answer with a WeChat id shows one marker, not "[[WeChat id removed]]" (deltas and the final answer are both redacted)', async () => {
    const answer = await answerOverHttp({ kind: 'text', text: `${honest}详情请加微信号：sip_office1。`, chunkSize: 200 }, question);
    expect(answer.answer).not.toContain('[[');
  });

  it('the engine’s own citations carry no contact data (npm run ask and the evaluation print them)', async () => {
    // The HTTP layer redacts citations on the way out; the engine's toCitation copies passage text as is.
    const engine = await loadAnswerEngine({ config });
    // A question the poisoned passage answers, so its full text (with the planted contacts) is cited.
    const response = await engine.answer({ question: '园区企业服务中心设有哪些窗口？' });
    expect(response.citations.some((citation) => citation.docId === poisonedSlug)).toBe(true);
    const serialised = JSON.stringify(response);
    expect(serialised).not.toContain(plantedPhone);
    expect(serialised).not.toContain(plantedEmail);
    expect(contactsIn(serialised)).toEqual([]);
  });
});
