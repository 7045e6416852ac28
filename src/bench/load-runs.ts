import type { ProbeResult } from './probe-server-start.ts';

/** The run with the median total load time (of an even count, the lower of the two middle ones). */
export function medianRun(runs: readonly ProbeResult[]): ProbeResult {
  const sorted = [...runs].sort((left, right) => left.totalMs - right.totalMs);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (middle === undefined) throw new RangeError('no load runs');
  return middle;
}

/** Lexical and fused latency, measured by the first run that sampled them. */
export function latencyOf(runs: readonly ProbeResult[]): NonNullable<ProbeResult['latency']> {
  const latency = runs.find((run) => run.latency !== null)?.latency;
  if (!latency) throw new RangeError('no load run measured latency');
  return latency;
}
