import { describe, expect, it } from 'vitest';
import type { AnswerResponse, ChatTurn, Citation } from '../../src/question/answer-parts.ts';
import { parseDataset } from '../../src/eval/dataset.ts';
import { checkThresholds, raiseThresholds, type Thresholds } from '../../src/eval/gate.ts';
import { formatConsoleReport, renderChart, renderMarkdown } from '../../src/eval/report.ts';
import { runEvaluation, type Ask, type Retrieve } from '../../src/eval/runner.ts';

const passages = {
  bio: { id: 'yearbook-2020-emerging#1', text: '全年实现产值1022亿元，新增一类新药临床批件100个，比上年翻一番。' },
  nano: { id: 'yearbook-2020-emerging#9', text: '纳米技术应用产业实现产值1160亿元。' },
  policy: { id: 'yearbook-2020-scitech#2', text: '园区出台科技创新政策。' },
};

const items = parseDataset(
  [
    {
      id: 'zh-001',
      question: '生物医药产业产值？',
      lang: 'zh',
      docIds: ['yearbook-2020-emerging'],
      category: 'number',
      answerable: true,
      facts: [['1022亿', '102.2 billion']],
      evidence: ['全年实现产值1022亿元'],
    },
    {
      id: 'en-001',
      question: 'What was the nanotech output?',
      lang: 'en',
      docIds: ['yearbook-2020-emerging'],
      category: 'number',
      answerable: true,
      facts: [['1160亿', '116 billion']],
      evidence: ['纳米技术应用产业实现产值1160亿元'],
    },
    {
      id: 'fu-001',
      question: '临床批件呢？',
      lang: 'zh',
      docIds: ['yearbook-2020-emerging'],
      category: 'followup',
      answerable: true,
      facts: [['100个', '100']],
      evidence: ['新增一类新药临床批件100个'],
      followUpOf: 'zh-001',
    },
    { id: 'dec-001', question: '上海张江的产值？', lang: 'zh', docIds: [], category: 'decline-other-place', answerable: false, facts: [], evidence: [] },
    { id: 'dec-002', question: 'What was the output in 2015?', lang: 'en', docIds: [], category: 'decline-year', answerable: false, facts: [], evidence: [] },
  ]
    .map((item) => JSON.stringify(item))
    .join('\n'),
);

function citation(n: number, passage: { id: string; text: string }): Citation {
  return {
    n,
    id: passage.id,
    docId: passage.id.split('#')[0]!,
    title: '',
    section: [],
    year: 2020,
    text: passage.text,
    quote: passage.text,
    score: 1,
    documentTitle: { zh: '', en: '' },
  };
}

function response(answer: string, answered: boolean, language: 'zh' | 'en', cited: Array<{ id: string; text: string }>): AnswerResponse {
  return {
    answer,
    answered,
    language,
    citations: cited.map((passage, index) => citation(index + 1, passage)),
    mode: { retrieval: 'lexical', generator: 'extractive' },
    timingsMs: { retrieval: 1, generation: 1, total: 2 },
  };
}

/** A scripted engine: right on zh-001, Chinese text for the English question, wrong on the follow-up, mixed declines. */
function fakeEngine() {
  const calls: Array<{ question: string; history: ChatTurn[] }> = [];
  const ask: Ask = async (question, history) => {
    calls.push({ question, history });
    if (question.startsWith('生物医药')) return response('全年实现产值１０２２亿元 [1]。', true, 'zh', [passages.bio]);
    if (question.startsWith('What was the nanotech')) return response('纳米技术应用产业实现产值1160亿元 [1]。', true, 'en', [passages.nano, passages.policy]);
    if (question.startsWith('临床批件')) return response('新增临床批件1000个 [1]。', true, 'zh', [passages.bio]);
    if (question.startsWith('上海')) return response('文档中没有上海张江的信息。', false, 'zh', []);
    return response('The output in 2015 was 800 billion yuan [1].', true, 'en', [passages.policy]);
  };
  const retrieve: Retrieve = async (question) => ({
    passages: (question.startsWith('What was the nanotech')
      ? [passages.policy, passages.bio, passages.policy, passages.policy, passages.policy, passages.nano]
      : [passages.bio, passages.nano]
    ).map((passage, index) => ({ ...passage, score: 1 - index / 10 })),
  });
  return { ask, retrieve, calls };
}

describe('runEvaluation', () => {
  it('reports the prose share of answered English questions and the median answer length', async () => {
    const { ask, retrieve } = fakeEngine();
    const result = await runEvaluation({ items, ask, retrieve });
    // Two English questions answered: one in Chinese (not prose), one an English sentence (prose); declines do not count.
    expect(result.byLanguage['en']?.proseShare).toBe(0.5);
    expect(result.byLanguage['zh']?.proseShare).toBeNull();
    expect(result.overall.proseShare).toBe(0.5);
    const lengths = result.records.map((record) => [...record.answer].length).sort((left, right) => left - right);
    expect(result.overall.medianAnswerChars).toBe(lengths[Math.ceil(lengths.length / 2) - 1]);
    expect(formatConsoleReport(result)).toMatch(/prose\s+len50/);
  });

  it('grades every question and aggregates overall, by language and by category', async () => {
    const { ask, retrieve } = fakeEngine();
    let clock = 0;
    const result = await runEvaluation({ items, ask, retrieve, now: () => (clock += 10) });
    const record = (id: string) => result.records.find((candidate) => candidate.id === id)!;

    expect(record('zh-001')).toMatchObject({ correct: true, failed: false, hitRank: 1, factsPassed: [true], languageOk: true, reasons: [] });
    expect(record('en-001')).toMatchObject({ correct: true, failed: true, hitRank: 6, citationsSupported: [true, false] });
    expect(record('en-001').reasons).toEqual([
      'wrong language: answer text is not written in en',
      'evidence not retrieved in top 5 (rank 6)',
      'unsupported citation: [2] yearbook-2020-scitech#2',
    ]);
    expect(record('fu-001')).toMatchObject({ correct: false, factsPassed: [false], reasons: ['missed fact 100个 / 100'] });
    expect(record('dec-001')).toMatchObject({ correct: true, failed: false, hitRank: null });
    expect(record('dec-002')).toMatchObject({ correct: false, reasons: ['should have declined'] });

    expect(result.overall).toMatchObject({
      items: 5,
      answerable: 3,
      unanswerable: 2,
      accuracy: 3 / 5,
      hitAt1: 2 / 3,
      hitAt5: 2 / 3,
      factAccuracy: 2 / 3,
      declinePrecision: 1,
      declineRecall: 0.5,
      languageMatch: 4 / 5,
      latencyP50Ms: 10,
    });
    expect(result.overall.mrr).toBeCloseTo((1 + 1 / 6 + 1) / 3);
    expect(result.overall.citationPrecision).toBeCloseTo(3 / 4);
    expect(result.byLanguage.en).toMatchObject({ items: 2, accuracy: 0.5, languageMatch: 0.5 });
    expect(result.byCategory['decline-year']).toMatchObject({ items: 1, declineRecall: 0, factAccuracy: null });
    expect(result.byDocument['yearbook-2020-emerging']?.items).toBe(3);
    expect(result.modes).toEqual([{ retrieval: 'lexical', generator: 'extractive' }]);
    expect(result.retrievalSource).toBe('retriever');
    expect(result.reasonCounts).toEqual([
      { reason: 'evidence not retrieved in top 5', count: 1 },
      { reason: 'missed fact', count: 1 },
      { reason: 'should have declined', count: 1 },
      { reason: 'unsupported citation', count: 1 },
      { reason: 'wrong language', count: 1 },
    ]);
  });

  it("asks a follow-up with its first question and the engine's answer to it, reusing that answer", async () => {
    const { ask, calls } = fakeEngine();
    await runEvaluation({ items, ask });
    const followUpCall = calls.find((call) => call.question === '临床批件呢？');
    expect(followUpCall?.history).toEqual([
      { role: 'user', content: '生物医药产业产值？' },
      { role: 'assistant', content: '全年实现产值１０２２亿元 [1]。' },
    ]);
    expect(calls.filter((call) => call.question === '生物医药产业产值？')).toHaveLength(1);
  });

  it('asks the first question silently when only the follow-up is evaluated', async () => {
    const { ask, calls } = fakeEngine();
    const result = await runEvaluation({ items: items.filter((item) => item.id === 'fu-001'), allItems: items, ask });
    expect(calls.map((call) => call.question)).toEqual(['生物医药产业产值？', '临床批件呢？']);
    expect(result.records.map((record) => record.id)).toEqual(['fu-001']);
  });

  it('says where a wrong decline went wrong: evidence rank and facts already in the reply', async () => {
    const { ask, retrieve } = fakeEngine();
    const declining: Ask = async (question, history) =>
      question.startsWith('生物医药')
        ? response('抱歉，现有资料中没有找到能回答这个问题的内容。\n资料中最接近的内容是：全年实现产值1022亿元 [1]。', false, 'zh', [passages.bio])
        : ask(question, history);
    const result = await runEvaluation({ items: items.slice(0, 1), ask: declining, retrieve });
    expect(result.records[0]).toMatchObject({ correct: false, reasons: ['declined an answerable question (evidence at rank 1; 1 of 1 facts in the reply)'] });
    expect(result.overall).toMatchObject({ factAccuracy: 0, factRecall: 0, declinePrecision: 0, declineRecall: null });
    expect(result.reasonCounts).toEqual([{ reason: 'declined an answerable question', count: 1 }]);
  });

  it('stops when the engine fails question after question', async () => {
    const down: Ask = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    await expect(runEvaluation({ items, ask: down, maxConsecutiveErrors: 3 })).rejects.toThrow(
      'stopped after 3 engine errors in a row; the last: connect ECONNREFUSED',
    );
  });

  it('ranks by the citations without a retriever, and records engine errors as failures', async () => {
    const { ask } = fakeEngine();
    const failing: Ask = async (question, history) => {
      if (question.startsWith('上海')) throw new Error('index missing');
      return ask(question, history);
    };
    const result = await runEvaluation({ items, ask: failing });
    expect(result.retrievalSource).toBe('citations');
    expect(result.records.find((record) => record.id === 'en-001')?.hitRank).toBe(1);
    expect(result.records.find((record) => record.id === 'dec-001')).toMatchObject({ failed: true, correct: false, reasons: ['engine error: index missing'] });
  });
});

describe('gate and report', () => {
  it('lists every metric on the wrong side of its threshold, and skips retrieval over HTTP', async () => {
    const { ask, retrieve } = fakeEngine();
    const result = await runEvaluation({ items, ask, retrieve });
    const thresholds: Thresholds = {
      setFrom: { date: '2026-01-01', mode: { retrieval: 'hybrid', generator: 'extractive' }, items: 5 },
      atLeast: {
        'overall.factAccuracy': 0.6,
        'overall.hitAt5': 0.9,
        'lang.en.languageMatch': 0.9,
        'category.decline-year.declineRecall': 0.5,
        'category.comparison.accuracy': 0.5,
      },
      atMost: { 'overall.latencyP95Ms': 60_000 },
    };
    const gate = checkThresholds(result, thresholds);
    expect(gate.passed).toBe(false);
    expect(gate.violations.map((violation) => violation.key)).toEqual(['overall.hitAt5', 'lang.en.languageMatch', 'category.decline-year.declineRecall']);
    expect(gate.skipped).toEqual([{ key: 'category.comparison.accuracy', why: 'no category.comparison questions in this run' }]);
    expect(gate.notes[0]).toMatch(/set in hybrid\/extractive mode; this run measured lexical\/extractive/);

    const overHttp = await runEvaluation({ items, ask });
    expect(checkThresholds(overHttp, thresholds).skipped.map((skip) => skip.key)).toContain('overall.hitAt5');
  });

  it('raises minimums to the measured value less a margin, never lowers one, and leaves maximums alone', async () => {
    const { ask, retrieve } = fakeEngine();
    const result = await runEvaluation({ items, ask, retrieve });
    const { thresholds, raised } = raiseThresholds(result, {
      atLeast: { 'overall.accuracy': 0, 'overall.hitAt1': 0.9, 'lang.en.accuracy': 0.2, 'category.comparison.accuracy': 0.5 },
      atMost: { 'overall.latencyP95Ms': 500 },
    });
    // accuracy 0.6 → 0.58; hit@1 0.667 → 0.64 would lower 0.9, so it stays; en 0.5 → 0.48.
    expect(thresholds.atLeast).toEqual({ 'overall.accuracy': 0.58, 'overall.hitAt1': 0.9, 'lang.en.accuracy': 0.48, 'category.comparison.accuracy': 0.5 });
    expect(thresholds.atMost).toEqual({ 'overall.latencyP95Ms': 500 });
    expect(raised.map((change) => change.key)).toEqual(['overall.accuracy', 'lang.en.accuracy']);
  });

  it('renders the console table, the chart and the failures', async () => {
    const { ask, retrieve } = fakeEngine();
    const result = await runEvaluation({ items, ask, retrieve });
    const console = formatConsoleReport(result);
    expect(console).toMatch(/mode: retrieval lexical, generator extractive/);
    expect(console).toMatch(/^overall\s+5\s+60\.0%/m);
    const svg = renderChart(result);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('>decline-other-place</text>');
    expect(svg.match(/<rect /g)?.length).toBe(1 + 2 * (4 + 3));
    const markdown = renderMarkdown(result, {
      date: '2026-01-01T00:00:00Z',
      machine: 'test',
      command: 'npm run eval',
      dataset: 'eval/questions.jsonl',
      target: 'in-process',
      durationMs: 1000,
      datasetWarnings: [],
    });
    expect(markdown).toContain('- **mode:** retrieval lexical, generator extractive');
    expect(markdown).toContain('![Accuracy by category and language](latest.svg)');
    expect(markdown).toContain('### fu-001 · followup · zh');
    expect(markdown).toContain('- expected: ✗ 100个 / 100');
    expect(markdown).toContain('> 新增临床批件1000个 [1]。');
    expect(markdown).not.toContain('### zh-001');
  });
});
