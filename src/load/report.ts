import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadReport, MemorySnapshot, PhaseResult } from './run-load.ts';

const number = (value: number, digits = 1) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const count = (value: number) => value.toLocaleString('en-US');

/** A Markdown table row. */
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;

function phaseRow(name: string, result: PhaseResult): string {
  const { latencyMs: latency } = result;
  return row([
    ...[name, `${number(result.durationSeconds)} s`, count(result.requests), number(result.requestsPerSecond)],
    ...[number(latency.mean, 2), latency.p50, latency.p90, latency.p99, latency.max],
    ...[result.non2xx, result.errors, result.timeouts, result.mismatches],
  ]);
}

function memoryRow(name: string, snapshot: MemorySnapshot): string {
  return row([name, number(snapshot.rssMB), number(snapshot.heapUsedMB), number(snapshot.heapTotalMB), number(snapshot.externalMB)]);
}

/** The report as Markdown: what ran, throughput and latency, failures, memory. */
export function formatLoadReport(report: LoadReport, command: string): string {
  const { memory, totals } = report;
  const declined = report.check.filter((item) => item.answered === false).length;
  const answered = report.check.filter((item) => item.answered === true).length;
  const kinds = [...new Set(report.check.map((item) => item.kind))]
    .map((kind) => `${kind} ${report.check.filter((item) => item.kind === kind).length}`)
    .join(', ');
  const feedback = report.settings.scenario === 'feedback';
  const target = report.target.inProcess
    ? `in-process \`npm start\`-equivalent server (rate limit${feedback ? ' and feedback quota' : ''} off, no LLM)`
    : 'external server';
  const stored = report.feedback;
  const failures =
    `${count(totals.requests)} requests, ${totals.non2xx} non-2xx, ${totals.errors} errors, ${totals.timeouts} timeouts, ` +
    `${totals.mismatches} bodies that were not the expected answer (target: 0 of each)`;
  const lines = [
    `# Load test: POST ${report.settings.path}`,
    '',
    `\`${command}\` · ${report.startedAt} · node ${report.machine.node} · ${report.machine.cpus} × ${report.machine.cpuModel}`,
    '',
    `Target: ${report.target.url} — ${target}; ${report.target.mode}.`,
    feedback
      ? `Feedback: ${report.settings.questions} records in rotation (about 1 KB each, as the widget sends them), ` +
        "each written and fsync'd before its 201; before the load one was stored."
      : `Questions: ${report.settings.questions} in rotation (${kinds}); before the load each answered 200 (${answered} answered, ${declined} declined).`,
    ...(stored !== null
      ? [
          `Records in the feedback file afterwards: ${count(stored.onDisk)} of ${count(stored.acknowledged)} acknowledged (201, warm-up included)` +
            `${stored.onDisk >= stored.acknowledged ? '' : ' — **some acknowledged records are missing**'}.`,
        ]
      : []),
    '',
    `**${report.passed ? 'PASS' : 'FAIL'}**: ${failures}.`,
    '',
    row(['phase', 'duration', 'requests', 'req/s', 'mean ms', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', 'timeouts', 'mismatches']),
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    phaseRow(`timed run (${report.settings.connections} connections)`, report.run),
    ...(report.extension !== null ? [phaseRow(`extension to ${count(report.settings.minRequests)} requests`, report.extension)] : []),
    '',
    ...(report.serverLoop !== null
      ? [
          `Server event loop busy ${number(report.serverLoop.utilization * 100)}% of the timed run, ` +
            `${number(report.serverLoop.busyMsPerAnswer, 3)} ms per ${feedback ? 'record' : 'answer'}.`,
          '',
        ]
      : []),
    `## Memory (MB) across ${count(memory.requestsBetween)} requests` +
      (memory.gcForced ? ', settled with gc() before each reading' : ' (run node with --expose-gc for settled readings)'),
    '',
    '| when | RSS | heap used | heap total | external |',
    '|---|---|---|---|---|',
    memoryRow('before (after warm-up)', memory.before),
    memoryRow('peak during the run', memory.peakDuringRun),
    memoryRow('after', memory.after),
    memoryRow('after − before', {
      rssMB: memory.after.rssMB - memory.before.rssMB,
      heapUsedMB: memory.after.heapUsedMB - memory.before.heapUsedMB,
      heapTotalMB: memory.after.heapTotalMB - memory.before.heapTotalMB,
      externalMB: memory.after.externalMB - memory.before.externalMB,
    }),
    '',
    `Measured: ${memory.note}.`,
    '',
  ];
  return lines.join('\n');
}

/** Writes `<name>.md` and `<name>.json` (by default `load-report`) into `dir`; returns their paths. */
export async function writeLoadReport(report: LoadReport, dir: string, command: string, name = 'load-report'): Promise<{ markdown: string; json: string }> {
  await mkdir(dir, { recursive: true });
  const markdown = join(dir, `${name}.md`);
  const json = join(dir, `${name}.json`);
  await writeFile(markdown, formatLoadReport(report, command));
  await writeFile(json, `${JSON.stringify({ command, ...report }, null, 2)}\n`);
  return { markdown, json };
}
