import { latencyOf, medianRun } from './load-runs.ts';
import { indexFilesMs } from './probe-server-start.ts';
import type { RealCorpusResult } from './real-corpus-bench.ts';
import type { ScaleBenchResult } from './scale-bench.ts';
import type { WorstCaseResult } from './worst-case-bench.ts';
import { slowestInput } from './worst-case-report.ts';

export interface TargetCheck {
  target: string;
  measured: string;
  /** null when the run did not measure it (e.g. --quick skips 100k). */
  met: boolean | null;
}

const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toPrecision(3)} ms`);

/** The targets, checked against this run's figures (benchmark figures, never test assertions). */
export function checkTargets(real: RealCorpusResult | null, scale: ScaleBenchResult | null, worstCase: WorstCaseResult | null = null): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const largest = scale?.sizes.reduce<ScaleBenchResult['sizes'][number] | undefined>(
    (top, size) => (top === undefined || size.size > top.size ? size : top),
    undefined,
  );
  const at100k = scale?.sizes.find((size) => size.size === 100_000);
  checks.push(
    at100k
      ? {
          target: 'HNSW recall@10 ≥ 0.95 at 100k chunks, at ≥ 10× the speed of exact search',
          measured: [
            `recall ${at100k.chosen.recallAt10.toFixed(3)} at ef ${at100k.chosen.ef}, ${at100k.chosen.speedupVsExact.toFixed(0)}× exact`,
            ` (p50 ${ms(at100k.chosen.latency.p50)} vs ${ms(at100k.exact.latency.p50)});`,
            ` today's default ef ${at100k.productDefault.ef}:`,
            ` ${at100k.productDefault.recallAt10.toFixed(3)}, ${at100k.productDefault.speedupVsExact.toFixed(0)}×`,
          ].join(''),
          met: at100k.chosen.recallAt10 >= 0.95 && at100k.chosen.speedupVsExact >= 10,
        }
      : {
          target: 'HNSW recall@10 ≥ 0.95 at 100k chunks, at ≥ 10× the speed of exact search',
          measured: scale === null ? 'scale part not run' : 'not run at 100k',
          met: null,
        },
  );
  if (real) {
    const fused = real.retrieval.fusedExcludingEmbedding;
    checks.push({
      target: 'fused retrieval p95 < 20 ms, excluding query embedding (real corpus)',
      measured: `p95 ${ms(fused.p95)} (p50 ${ms(fused.p50)})`,
      met: fused.p95 < 20,
    });
  }
  if (largest) {
    const { before, today, engine } = largest.server;
    const latency = latencyOf(today);
    checks.push({
      target: `fused retrieval p95 < 20 ms, excluding query embedding (${largest.size.toLocaleString('en')} synthetic chunks)`,
      measured: `p95 ${ms(latency.fused.p95)} (p50 ${ms(latency.fused.p50)})`,
      met: latency.fused.p95 < 20,
    });
    const load = medianRun(today);
    const whole = medianRun(engine);
    const runs = (list: typeof today) => list.map((run) => ms(run.totalMs)).join(', ');
    const firstMeasure = ms(before.steps ? indexFilesMs(before.steps) : before.totalMs);
    checks.push({
      target:
        `index load < 2 s (${largest.size.toLocaleString('en')} chunks, ` + 'fresh process: chunks.jsonl, lexical index, HNSW graph, jieba + glossary, bridge)',
      measured: [
        `${ms(load.totalMs)} (loadIndex, median of ${today.length}: ${runs(today)}); whole loadAnswerEngine ${ms(whole.totalMs)} (${runs(engine)});`,
        ` before: ${firstMeasure} for chunks.jsonl + lexical.json + LangChain's HNSW folder (how this target was first measured),`,
        ` ${ms(before.totalMs)} with jieba and bridge`,
      ].join(''),
      met: load.totalMs < 2000,
    });
  }
  if (real) {
    checks.push({
      target: 'index load < 2 s (real corpus, whole engine)',
      measured: `${ms(real.load.lexicalEngineMs)} lexical engine; ${ms(real.load.hybridEngineMs)} hybrid with the fixture model`,
      met: Math.max(real.load.lexicalEngineMs, real.load.hybridEngineMs) < 2000,
    });
    const answer = real.answer.extractiveLexical;
    checks.push({ target: 'extractive answer p50 < 20 ms (real corpus)', measured: `p50 ${ms(answer.p50)}, p95 ${ms(answer.p95)}`, met: answer.p50 < 20 });
    const load = real.loadTests.find((test) => test.engine === 'lexical');
    checks.push(
      load
        ? {
            target: '≥ 200 answers/s on the load test',
            measured:
              `${load.requestsPerSecond.toFixed(0)} req/s, p50 ${ms(load.latencyMs.p50)}, p99 ${ms(load.latencyMs.p99)}, ` +
              `${load.errors + load.non2xx} errors (${load.connections} connections, ${load.durationSeconds.toFixed(0)} s)`,
            met: load.requestsPerSecond >= 200 && load.errors + load.non2xx === 0,
          }
        : { target: '≥ 200 answers/s on the load test', measured: 'not run', met: null },
    );
  }
  if (worstCase) {
    const slowest = slowestInput(worstCase);
    checks.push({
      target: `no input within the request limits over ${worstCase.targetMs} ms (worst-case latency, fastest of ${worstCase.runsPerInput} runs each)`,
      measured: slowest === null ? 'no inputs' : `slowest ${ms(slowest.ms)}: ${slowest.family}: ${slowest.name} (${worstCase.inputs.length} inputs)`,
      met: slowest === null ? null : slowest.ms <= worstCase.targetMs,
    });
  }
  return checks;
}
