import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import type { AnswerPart } from '../../src/question/answer-parts.ts';
import type { EngineLogger } from '../../src/engine/engine-logger.ts';
import { createLlmGenerator } from '../../src/generation/llm-generator.ts';
import { startFakeOpenAI, type FakeOpenAI, type FakeScript } from '../fixtures/fake-openai-server.ts';
import { buildTestIndex } from './engine-fixture.ts';

let index: Awaited<ReturnType<typeof buildTestIndex>>;
let fake: FakeOpenAI | null = null;

beforeAll(async () => {
  index = await buildTestIndex();
});
afterAll(async () => index.remove());
afterEach(async () => {
  await fake?.close();
  fake = null;
});

/** The real engine with a real LLM generator talking HTTP to a fake OpenAI-compatible server. */
async function engineWith(script: FakeScript, timeoutMs = 2000, logger: EngineLogger = quietLogger) {
  fake = await startFakeOpenAI({ script });
  const llm = createLlmGenerator({ baseUrl: fake.url, apiKey: '', model: 'fake-model', timeoutMs, stallTimeoutMs: Math.min(timeoutMs, 1000) });
  return loadAnswerEngine({ config: index.config, llm, logger });
}

/** Keeps what the engine reports, so the tests can read it (and the test output stays clean). */
function recordingLogger(): EngineLogger & { warnings: Array<{ details: Record<string, unknown>; message: string }> } {
  const warnings: Array<{ details: Record<string, unknown>; message: string }> = [];
  return { warnings, warn: (details, message) => warnings.push({ details, message }) };
}
const quietLogger = recordingLogger();

const question = '2020年园区纳米技术应用产业产值是多少？';

describe('the LLM path', () => {
  it('streams verified sentences as they complete, never one the verifier drops: the deltas are the final answer', async () => {
    const supported = '2020年，园区纳米技术应用产业实现产值1010亿元 [1]。';
    const unsupported = '另有产值9999亿元 [1]。';
    const growth = '比上年增长25% [1]。';
    const engine = await engineWith(() => ({ kind: 'text', text: `${supported}${unsupported}${growth}`, chunkSize: 3, delayMs: 2 }));
    const parts: AnswerPart[] = [];
    for await (const part of engine.stream({ question })) parts.push(part);
    const deltas = parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : []));
    const done = parts.at(-1);
    if (done?.type !== 'done') throw new Error('no done part');
    expect(done.response.mode.generator).toBe('llm');
    expect(done.response.answered).toBe(true);
    expect(done.response.notice).toMatch(/1 unsupported sentence\(s\) removed/);
    // One delta per kept sentence (the second re-cited to the passage that gives 25%), nothing of the dropped one.
    expect(deltas).toHaveLength(2);
    expect(deltas[0]).toBe(supported);
    expect(deltas[1]).toMatch(/^比上年增长25% \[\d\]。$/);
    expect(deltas.join('')).toBe(done.response.answer);
    expect(done.response.citations[0]?.text).toContain('1010亿元');
    // The prompt carried the retrieved passages and the system rules.
    const request = fake?.requests[0];
    expect(JSON.stringify(request?.body.messages)).toContain('1010亿元');
    expect(request?.body.messages[0]?.role).toBe('system');
  });

  it('gives the model the English edition for an English question, and the citation verifier still checks the Chinese', async () => {
    const engine = await engineWith({
      kind: 'text',
      text: "In 2020 SIP's nanotechnology applications industry had an output value of 101 billion yuan [1].",
      chunkSize: 8,
    });
    const response = await engine.answer({ question: "What was the output value of SIP's nanotechnology industry in 2020?" });
    const prompt = JSON.stringify(fake?.requests[0]?.body.messages);
    expect(prompt).toContain('1010亿元');
    expect(prompt).toMatch(/English edition \([^)]*\): [^"]*101 billion yuan/);
    expect(response.mode.generator).toBe('llm');
    expect(response.answered).toBe(true);
    // The quote is the Chinese sentence the verifier found; the English quote is its aligned translation.
    expect(response.citations[0]?.quote).toContain('1010亿元');
    expect(response.citations[0]?.english?.quote).toContain('101 billion yuan');
  });

  it('keeps the verified sentences already sent when the model stalls mid-answer, and says so', async () => {
    const first = '2020年，园区纳米技术应用产业实现产值1010亿元 [1]。';
    const second = '比上年增长25% [1]。';
    const text = `${first}${second}园区纳米技术应用产业`;
    const engine = await engineWith({ kind: 'stall', text, afterChars: [...text].length, chunkSize: 4 });
    const parts: AnswerPart[] = [];
    for await (const part of engine.stream({ question })) parts.push(part);
    const done = parts.at(-1);
    if (done?.type !== 'done') throw new Error('no done part');
    // Replacing them with the extractive answer would withdraw what the user already read.
    expect(done.response.mode.generator).toBe('llm');
    expect(done.response.answer.startsWith(first)).toBe(true);
    expect(done.response.answer.slice(first.length)).toMatch(/^比上年增长25% \[\d\]。$/);
    expect(done.response.notice).toMatch(/中途中断/);
    expect(parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : [])).join('')).toBe(done.response.answer);
  });

  it('catches a wrong citation the model emits: an unknown passage number and a figure no passage gives', async () => {
    const engine = await engineWith({ kind: 'text', text: '园区纳米技术应用产业产值1010亿元 [1]。另有产值9999亿元 [7]。' });
    const response = await engine.answer({ question });
    expect(response.answer).toContain('1010亿元');
    expect(response.answer).not.toContain('9999');
    expect(response.answer).not.toContain('[7]');
    expect(response.citations.every((citation) => citation.n <= response.citations.length)).toBe(true);
    expect(response.notice).toMatch(/removed/);
  });

  it('falls back to the extractive answer with a notice when the model times out', async () => {
    const engine = await engineWith({ kind: 'delay', ms: 5000, then: { kind: 'text', text: 'too late [1]' } }, 300);
    const started = performance.now();
    const response = await engine.answer({ question });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(response.mode.generator).toBe('extractive');
    expect(response.notice).toMatch(/大模型暂不可用/);
    expect(response.answer).toContain('1010亿元');
    expect(response.answered).toBe(true);
  });

  it('falls back when the endpoint fails (HTTP 500) or cuts the stream', async () => {
    for (const script of [
      { kind: 'status', status: 500 },
      { kind: 'cut', text: '园区纳米技术应用产业产值1010亿元 [1]。', afterChars: 5 },
    ] satisfies FakeScript[]) {
      const engine = await engineWith(script);
      const response = await engine.answer({ question: 'What was the output value of SIP’s nanotechnology industry in 2020?' });
      expect(response.mode.generator).toBe('extractive');
      expect(response.notice).toMatch(/language model is unavailable/);
      expect(response.answer).toContain('101 billion yuan');
      await fake?.close();
      fake = null;
    }
  });

  it("logs why the model's answer was not shown: the failure and its code through the injected logger", async () => {
    const logger = recordingLogger();
    const engine = await engineWith({ kind: 'status', status: 500, message: 'model overloaded' }, 2000, logger);
    const response = await engine.answer({ question });
    expect(response.mode.generator).toBe('extractive');
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]?.message).toMatch(/LLM answer failed: the extractive answer was given instead/);
    expect(logger.warnings[0]?.details).toMatchObject({ reason: 'failed', code: 'RAG_LLM_UNAVAILABLE' });
    expect(String(logger.warnings[0]?.details.error)).not.toBe('');
  });

  it("logs nothing when the model's answer is shown whole", async () => {
    const logger = recordingLogger();
    const engine = await engineWith({ kind: 'text', text: '2020年，园区纳米技术应用产业实现产值1010亿元 [1]。' }, 2000, logger);
    expect((await engine.answer({ question })).mode.generator).toBe('llm');
    expect(logger.warnings).toEqual([]);
  });

  it('does not call the model for a question the documents cannot answer', async () => {
    const engine = await engineWith({ kind: 'text', text: '马鞍山有很多优惠政策 [1]。' });
    const response = await engine.answer({ question: '马鞍山的产业园有哪些优惠政策？' });
    expect(response.answered).toBe(false);
    expect(fake?.requests).toHaveLength(0);
  });

  it('reports the LLM in health', async () => {
    const engine = await engineWith({ kind: 'text', text: 'x' });
    expect(engine.health().mode.generator).toBe('llm');
    expect(engine.health().llmModel).toBe('fake-model');
  });
});
