import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { EvaluationResult, MetricName, Metrics } from './runner.ts';

const metricNames = [
  'accuracy',
  'hitAt1',
  'hitAt5',
  'mrr',
  'factAccuracy',
  'factRecall',
  'citationPrecision',
  'evidenceRecall',
  'declinePrecision',
  'declineRecall',
  'languageMatch',
  'scriptMatch',
  'latencyP50Ms',
  'latencyP95Ms',
] as const satisfies readonly MetricName[];

// `overall.factAccuracy`, `lang.en.languageMatch`, `category.number.accuracy`, `doc.<slug>.hitAt5`.
const keyPattern = new RegExp(`^(overall|(lang|category|doc)\\.[A-Za-z0-9_-]+)\\.(${metricNames.join('|')})$`);
const thresholdKey = z.string().regex(keyPattern, 'must be overall.<metric> or lang|category|doc.<name>.<metric>');

const thresholdsSchema = z.strictObject({
  $comment: z.string().optional(),
  /** The run the thresholds were set from, so a gate in another mode can say so. */
  setFrom: z.strictObject({ date: z.string(), mode: z.strictObject({ retrieval: z.string(), generator: z.string() }), items: z.number().int() }).optional(),
  atLeast: z.record(thresholdKey, z.number().min(0).max(1)),
  atMost: z.record(thresholdKey, z.number().positive()),
});

export type Thresholds = z.infer<typeof thresholdsSchema>;

export function loadThresholds(path: string): Thresholds {
  const result = thresholdsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!result.success) throw new Error(`${path}: ${result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return result.data;
}

export interface GateViolation {
  key: string;
  value: number | null;
  threshold: number;
  direction: 'atLeast' | 'atMost';
}

export interface GateResult {
  passed: boolean;
  violations: GateViolation[];
  /** Thresholds not checked, with why (a group absent from this run, retrieval measured from citations only). */
  skipped: Array<{ key: string; why: string }>;
  notes: string[];
}

function metricsFor(result: EvaluationResult, scope: string): Metrics | undefined {
  if (scope === 'overall') return result.overall;
  const [kind, name = ''] = scope.split('.');
  const groups = kind === 'lang' ? result.byLanguage : kind === 'category' ? result.byCategory : result.byDocument;
  return groups[name];
}

const retrievalMetrics = new Set<string>(['hitAt1', 'hitAt5', 'mrr']);

/**
 * Compares a run with the thresholds and lists every metric on the wrong side. A metric that could
 * not be measured (null: e.g. the engine declined nothing, so decline precision is undefined) fails,
 * because the gate cannot vouch for it.
 */
export function checkThresholds(result: EvaluationResult, thresholds: Thresholds, { subset = false }: { subset?: boolean } = {}): GateResult {
  const violations: GateViolation[] = [];
  const skipped: Array<{ key: string; why: string }> = [];
  const notes: string[] = [];
  const setMode = thresholds.setFrom?.mode;
  for (const mode of result.modes) {
    if (setMode !== undefined && (mode.retrieval !== setMode.retrieval || mode.generator !== setMode.generator)) {
      notes.push(`thresholds were set in ${setMode.retrieval}/${setMode.generator} mode; this run measured ${mode.retrieval}/${mode.generator}`);
    }
  }
  if (subset) notes.push('only part of the dataset was run (--only): the thresholds were set on the whole set');
  for (const direction of ['atLeast', 'atMost'] as const) {
    for (const [key, threshold] of Object.entries(thresholds[direction])) {
      const scope = key.slice(0, key.lastIndexOf('.'));
      const metric = key.slice(key.lastIndexOf('.') + 1);
      if (result.retrievalSource === 'citations' && retrievalMetrics.has(metric)) {
        skipped.push({ key, why: 'retrieval measured from the citations only (--url), not comparable' });
        continue;
      }
      const value = measuredValue(result, key);
      if (value === undefined) {
        skipped.push({ key, why: `no ${scope} questions in this run` });
        continue;
      }
      const ok = value !== null && (direction === 'atLeast' ? value >= threshold : value <= threshold);
      if (!ok) violations.push({ key, value, threshold, direction });
    }
  }
  return { passed: violations.length === 0, violations, skipped, notes };
}

export function formatViolation({ key, value, threshold, direction }: GateViolation): string {
  const shown = (number: number) => (key.endsWith('Ms') ? `${Math.round(number)} ms` : number.toFixed(3));
  const measured = value === null ? 'not measurable' : shown(value);
  return `${key} = ${measured}, ${direction === 'atLeast' ? 'needs at least' : 'must be at most'} ${shown(threshold)}`;
}

/** The measured value of a threshold key, or undefined when this run has no such group. */
export function measuredValue(result: EvaluationResult, key: string): number | null | undefined {
  const scope = key.slice(0, key.lastIndexOf('.'));
  const metric = key.slice(key.lastIndexOf('.') + 1) as MetricName;
  return metricsFor(result, scope)?.[metric];
}

/**
 * Thresholds only move up: each minimum becomes the larger of itself and (measured − margin),
 * rounded down to two decimals; a minimum is never lowered, and maximums (latency, which depends
 * on the machine) are left alone. A new metric is gated by adding its key with 0 and raising.
 */
export function raiseThresholds(
  result: EvaluationResult,
  thresholds: Thresholds,
  { margin = 0.02 }: { margin?: number } = {},
): { thresholds: Thresholds; raised: Array<{ key: string; from: number; to: number }> } {
  const atLeast: Record<string, number> = { ...thresholds.atLeast };
  const raised: Array<{ key: string; from: number; to: number }> = [];
  for (const [key, current] of Object.entries(atLeast)) {
    const value = measuredValue(result, key);
    if (value === null || value === undefined) continue;
    const candidate = Math.max(0, Math.floor((value - margin) * 100 + 1e-9) / 100);
    if (candidate > current) {
      atLeast[key] = candidate;
      raised.push({ key, from: current, to: candidate });
    }
  }
  return { thresholds: { ...thresholds, atLeast }, raised };
}
