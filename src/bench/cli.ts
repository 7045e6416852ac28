import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseCliArgs } from '../cli/parse-cli-args.ts';
import { loadDataset } from '../eval/dataset.ts';
import { buildChunks } from '../ingest/build-index.ts';
import { glossaryChineseTerms, loadGlossary } from '../text/glossary.ts';
import { createTokenizer } from '../text/tokenize.ts';
import { machineInfo } from './machine-info.ts';
import { gcSource } from './measure.ts';
import { parseParts } from './bench-parts.ts';
import { runRealCorpusBench } from './real-corpus-bench.ts';
import { renderChart, renderReport, type BenchReport } from './report.ts';
import { runScaleBench } from './scale-bench.ts';
import { checkTargets } from './targets.ts';
import { runWorstCaseBench } from './worst-case-bench.ts';
import { footprintTargets, runFootprintBench } from './footprint-bench.ts';

const USAGE = `npm run bench [-- --quick] [-- --only real,scale,worst-case] [-- --sizes 1000,10000,100000] [-- --out bench]

  --quick          1k and 10k chunks, fewer queries, one 3 s load test, 3 runs per worst-case input (CI smoke, about a minute)
  --only LIST      run only these parts (default all): real (the project's corpus and questions, load test),
                   scale (synthetic corpora), worst-case (adversarial inputs within the request limits),
                   footprint (compiled server per mode: ready time, idle RSS, RSS after 10,000 answers)
  --sizes LIST     synthetic corpus sizes (default 1000,10000,100000; --quick: 1000,10000)
  --out DIR        where report.md, report.json and latency-vs-size.svg go (default bench)
  --no-load-test   skip the HTTP load test`;

function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((part) => Number(part.trim()));
  if (sizes.length === 0 || sizes.some((size) => !Number.isInteger(size) || size < 10 || size > 2_000_000)) {
    throw new Error(`--sizes takes whole numbers between 10 and 2000000 separated by commas, got "${text}"`);
  }
  return [...new Set(sizes)].sort((left, right) => left - right);
}

/** How this run was started, for the report. */
function commandLine(args: string[]): string {
  const nodeOptions = process.env['NODE_OPTIONS'] ? `NODE_OPTIONS=${process.env['NODE_OPTIONS']} ` : '';
  const base = process.env['npm_lifecycle_event'] === 'bench' ? 'npm run bench' : 'tsx src/bench/cli.ts';
  const suffix = args.length === 0 ? '' : base.startsWith('npm') ? ` -- ${args.join(' ')}` : ` ${args.join(' ')}`;
  return `${nodeOptions}${base}${suffix}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const parsed = parseCliArgs(USAGE, { strings: ['sizes', 'out', 'only'], flags: ['quick', 'no-load-test'] }, args);
  if (parsed === undefined) return;
  const { values } = parsed;
  const quick = values.quick ?? false;
  const parts = parseParts(values.only);
  const sizes = values.sizes !== undefined ? parseSizes(values.sizes) : quick ? [1000, 10_000] : [1000, 10_000, 100_000];
  const outDir = resolve(values.out ?? 'bench');
  const corpusDir = resolve(process.env['CORPUS_DIR'] ?? 'corpus');
  const questionsFile = resolve('eval/questions.jsonl');
  const started = performance.now();
  const loadAverageStart = os.loadavg();
  const log = (line: string) => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  const workDir = mkdtempSync(join(os.tmpdir(), 'sip-bench-'));
  try {
    const real = parts.includes('real')
      ? await runRealCorpusBench({
          corpusDir,
          questionsFile,
          workDir: join(workDir, 'real'),
          budgetMs: quick ? 1000 : 8000,
          loadTest: values['no-load-test']
            ? null
            : { durationSeconds: quick ? 3 : 10, connections: 50, warmupSeconds: quick ? 1 : 2, engines: quick ? ['lexical'] : ['lexical', 'hybrid'] },
          log,
        })
      : null;
    const glossary = loadGlossary(join(corpusDir, 'glossary.json'));
    const scale = parts.includes('scale')
      ? await runScaleBench({
          sizes,
          // Without the real-corpus part, the same chunks straight from the corpus (ingest's splitting).
          sources: real?.chunks ?? buildChunks(corpusDir).chunks,
          questions: loadDataset(questionsFile).map((item) => item.question),
          tokenizer: createTokenizer({ userWords: glossaryChineseTerms(glossary) }),
          glossary,
          ...(real?.bridgeDictionary !== undefined ? { bridgeDictionary: real.bridgeDictionary } : {}),
          workDir: join(workDir, 'scale'),
          denseQueries: quick ? 60 : 200,
          questionCount: quick ? 60 : 200,
          budgetMs: quick ? 1000 : 4000,
          minSamples: quick ? 20 : 50,
          baselineBudgetMs: quick ? 2000 : 10_000,
          grid:
            !quick && sizes.includes(10_000)
              ? {
                  size: 10_000,
                  settings: [
                    { m: 8, efConstruction: 200 },
                    { m: 16, efConstruction: 100 },
                    { m: 32, efConstruction: 200 },
                  ],
                  efValues: [16, 32, 64, 128],
                }
              : null,
          log,
        })
      : null;
    const worstCase = parts.includes('worst-case')
      ? await runWorstCaseBench({ corpusDir, workDir: join(workDir, 'worst-case'), runs: quick ? 3 : 5, log })
      : null;
    const footprint = parts.includes('footprint')
      ? await runFootprintBench({
          corpusDir,
          questions: loadDataset(questionsFile).map((item) => item.question),
          workDir: join(workDir, 'footprint'),
          answers: quick ? 1000 : 10_000,
          starts: quick ? 3 : 5,
          log,
        })
      : null;
    const report: BenchReport = {
      command: commandLine(args),
      date: new Date().toISOString(),
      durationSeconds: (performance.now() - started) / 1000,
      machine: { ...machineInfo(), loadAverageStart, loadAverageEnd: os.loadavg(), gc: gcSource() },
      options: { quick, sizes, parts },
      targets: [...checkTargets(real?.result ?? null, scale, worstCase), ...footprintTargets(footprint)],
      real: real?.result ?? null,
      scale,
      worstCase,
      footprint,
    };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(outDir, 'report.md'), renderReport(report));
    if (scale) writeFileSync(join(outDir, 'latency-vs-size.svg'), renderChart(scale));
    log(`wrote ${join(outDir, 'report.md')}, report.json${scale ? ' and latency-vs-size.svg' : ''}`);
    for (const check of report.targets) console.log(`${check.met === null ? '–' : check.met ? 'met' : 'MISSED'}  ${check.target}: ${check.measured}`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
