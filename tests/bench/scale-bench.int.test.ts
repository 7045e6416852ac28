import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChart, renderReport, type BenchReport } from '../../src/bench/report.ts';
import { runScaleBench, type ScaleBenchResult } from '../../src/bench/scale-bench.ts';
import { checkTargets } from '../../src/bench/targets.ts';
import { buildChunks } from '../../src/ingest/build-index.ts';
import { glossaryChineseTerms, loadGlossary } from '../../src/text/glossary.ts';
import { createTokenizer } from '../../src/text/tokenize.ts';

const corpusDir = path.resolve('corpus');
let workDir: string;
let result: ScaleBenchResult;

// A smoke test of the whole scale benchmark at a tiny size: it checks the shape of what is
// reported, never how fast anything is.
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'scale-bench-'));
  const glossary = loadGlossary(path.join(corpusDir, 'glossary.json'));
  result = await runScaleBench({
    sizes: [300],
    sources: buildChunks(corpusDir).chunks,
    questions: ['2020年园区生物医药产业产值是多少？', '園區納米技術應用產業有多少家企業？', 'How many AI companies were in SIP in 2020?'],
    tokenizer: createTokenizer({ userWords: glossaryChineseTerms(glossary) }),
    glossary,
    workDir,
    dims: 32,
    denseQueries: 12,
    efValues: [10, 32],
    recallGoal: 0.9,
    budgetMs: 200,
    baselineBudgetMs: 200,
    grid: { size: 300, settings: [{ m: 8, efConstruction: 50 }], efValues: [16] },
    loadRuns: 2,
  });
}, 120_000);

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('runScaleBench at 300 chunks', () => {
  it('reports every figure for the size', () => {
    expect(result.sizes).toHaveLength(1);
    const [size] = result.sizes;
    if (size === undefined) throw new Error('no size');
    expect(size.size).toBe(300);
    expect(size.corpus).toMatchObject({ dims: 32, denseQueries: 12, questions: 3 });
    expect(size.lexical.terms).toBeGreaterThan(100);
    expect(size.lexical.compared).toBe(3);
    const { before, steps, today, engine } = size.server;
    expect([before.layout, steps.layout]).toEqual(['before', 'steps']);
    expect(today.map((probe) => probe.layout)).toEqual(['today', 'today']);
    expect(engine.map((probe) => probe.layout)).toEqual(['engine', 'engine']);
    for (const probe of [before, steps, ...today, ...engine]) {
      expect(probe.totalMs).toBeGreaterThan(0);
      expect(probe.memory.after.rss).toBeGreaterThan(0);
    }
    for (const probe of [before, steps, ...today]) {
      expect(probe.steps?.chunksMs).toBeGreaterThan(0);
      expect(probe.steps?.lexicalMs).toBeGreaterThan(0);
      expect(probe.steps?.tokenizerMs).toBeGreaterThan(0);
    }
    // Only the first loadIndex run samples latency.
    expect(today[0]?.latency?.lexicalSearch.count).toBe(3);
    expect(today[0]?.latency?.fused.count).toBe(3);
    expect(today[1]?.latency).toBeNull();
    expect(before.memory.parts).not.toBeNull();
    expect(size.lexical.roundTripSameTop10).toBe(1);
    expect(size.lexical.fileBytes).toBeGreaterThan(0);
    expect(size.lexical.legacyJson.fileBytes).toBeGreaterThan(0);
    expect(size.hnsw.langchainLoadMs).toBeGreaterThan(0);
    expect(size.hnsw.sweep.map((point) => point.ef)).toEqual([10, 32, 64]);
    for (const point of size.hnsw.sweep) {
      expect(point.recallAt10).toBeGreaterThanOrEqual(0);
      expect(point.recallAt10).toBeLessThanOrEqual(1);
    }
    expect([10, 32, 64]).toContain(size.chosen.ef);
    expect(size.productDefault.ef).toBe(64);
    expect(size.hnsw.graphFileBytes).toBeGreaterThan(0);
    expect(size.langchain.memoryStore.recallAt10).toBeCloseTo(1, 5);
    expect(size.langchain.bm25.sameTop10AsOurs).toBeGreaterThanOrEqual(0);
    expect(size.grid).toHaveLength(1);
    expect(size.grid?.[0]?.sweep.map((point) => point.ef)).toEqual([16]);
  });

  it('renders into the report, the chart and the target checks', () => {
    const report: BenchReport = {
      command: 'test',
      date: '2026-01-01T00:00:00.000Z',
      durationSeconds: 1,
      machine: {
        cpuModel: 'cpu',
        cores: 2,
        memoryGiB: 4,
        platform: 'linux',
        node: 'v20',
        v8: '11',
        loadAverageStart: [0, 0, 0],
        loadAverageEnd: [0, 0, 0],
        gc: 'node --expose-gc',
      },
      options: { quick: true, sizes: [300] },
      targets: checkTargets(null, result),
      real: null,
      scale: result,
    };
    const markdown = renderReport(report);
    for (const heading of [
      '# Benchmark report',
      '## Targets',
      '## Scale',
      '### Server start',
      '### Query latency',
      '### HNSW recall@10 against exact search',
      '### HNSW M / efConstruction at 300 chunks',
      '### Side by side with LangChain',
      '## Tuning',
    ]) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).not.toContain('NaN');
    expect(report.targets.find((check) => check.target.startsWith('HNSW recall@10'))?.met).toBeNull();
    expect(report.targets.some((check) => check.target.includes('300 synthetic chunks'))).toBe(true);
    expect(typeof report.targets.find((check) => check.target.startsWith('index load < 2 s (300 chunks'))?.met).toBe('boolean');
    expect(markdown).toMatch(/what changed what\*\* \(300 chunks/);
    expect(renderChart(result)).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
