import { resolve } from 'node:path';
import { nonNegativeNumber, numberOption, positiveNumber } from '../cli/number-option.ts';
import { parseCliArgs } from '../cli/parse-cli-args.ts';
import { formatLoadReport, writeLoadReport } from './report.ts';
import { runLoad } from './run-load.ts';
import { loadScenarioNames, type LoadScenarioName } from './scenarios.ts';

const isScenario = (name: string): name is LoadScenarioName => (loadScenarioNames as readonly string[]).includes(name);

const usage = `Usage: npm run load -- [--scenario answer|feedback] [--duration 60] [--connections 50] [--url http://127.0.0.1:3000]
                     [--out bench] [--warmup 3] [--min-requests 20000] [--log-level warn]

Sends ~30 real questions (zh, zh-Hant, en, declines) in rotation to POST /api/answer with autocannon.
Without --url it starts the server in this process on 127.0.0.1 as npm start would (same settings and
index), with rate limiting and the LLM off: the extractive path. Prints throughput, p50/p99 latency,
errors and non-2xx (target 0) and memory before/after (settled with gc(): npm run load passes
--expose-gc); writes <out>/load-report.md and <out>/load-report.json (--scenario feedback:
<out>/load-report-feedback.*). Exits 1 if any request failed.

--scenario feedback sends thumbs up/down on those questions (about 1 KB each) to POST /api/feedback
instead; in-process, the feedback quota is off and records go to a temporary file beside FEEDBACK_FILE
(same disk, removed afterwards), which is checked to hold every acknowledged record. Against --url,
the records land in that server's feedback file.`;

async function main(): Promise<void> {
  const parsed = parseCliArgs(usage, { strings: ['duration', 'connections', 'url', 'scenario', 'out', 'warmup', 'min-requests', 'log-level'] });
  if (parsed === undefined) return;
  const { values } = parsed;
  if (values.url !== undefined && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/.test(values.url)) {
    console.error(`--url must be a loopback address such as http://127.0.0.1:3000 (this tool does not load other hosts), not ${values.url}`);
    process.exit(2);
  }
  const scenario = values.scenario ?? 'answer';
  if (!isScenario(scenario)) {
    console.error(`--scenario must be ${loadScenarioNames.join(' or ')}, not ${JSON.stringify(scenario)}\n\n${usage}`);
    process.exit(2);
  }
  const command = `npm run load --${process.argv.slice(2).length > 0 ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
  const report = await runLoad({
    url: values.url,
    scenario,
    durationSeconds: numberOption(usage, 'duration', values.duration, 60, positiveNumber),
    connections: Math.round(numberOption(usage, 'connections', values.connections, 50, positiveNumber)),
    warmupSeconds: numberOption(usage, 'warmup', values.warmup, 3, nonNegativeNumber),
    minRequests: Math.round(numberOption(usage, 'min-requests', values['min-requests'], 20_000, nonNegativeNumber)),
    logLevel: values['log-level'] ?? 'warn',
    log: (line) => console.log(line),
  });
  console.log(`\n${formatLoadReport(report, command)}`);
  const written = await writeLoadReport(report, resolve(values.out ?? 'bench'), command, scenario === 'answer' ? 'load-report' : `load-report-${scenario}`);
  console.log(`written: ${written.markdown}, ${written.json}`);
  if (!report.passed) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(`load test failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
