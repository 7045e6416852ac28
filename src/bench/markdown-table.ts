import type { LatencySummary } from './percentiles.ts';

/** A Markdown table: the first column left-aligned, the rest right-aligned (figures). */
export function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, index) => (index === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/** Milliseconds as a report shows them: 3 significant-ish digits, seconds from 1 s. */
export const ms = (value: number): string => {
  if (!Number.isFinite(value)) return '–';
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
};

/** Bytes in binary units; `null` is a memory figure within the noise floor (measure.ts). */
export const bytes = (value: number | null): string => {
  if (value === null) return 'below noise';
  if (!Number.isFinite(value)) return '–';
  const sign = value < 0 ? '−' : '';
  const size = Math.abs(value);
  if (size >= 2 ** 30) return `${sign}${(size / 2 ** 30).toFixed(2)} GiB`;
  if (size >= 2 ** 20) return `${sign}${(size / 2 ** 20).toFixed(1)} MiB`;
  if (size >= 2 ** 10) return `${sign}${(size / 2 ** 10).toFixed(1)} KiB`;
  return `${sign}${size.toFixed(0)} B`;
};
export const count = (value: number) => value.toLocaleString('en');
export const fixed = (value: number, digits = 3) => value.toFixed(digits);
export const times = (value: number) => `${value >= 10 ? value.toFixed(0) : value.toFixed(1)}×`;
export const p5095 = (latency: LatencySummary) => `${ms(latency.p50)} / ${ms(latency.p95)}`;
