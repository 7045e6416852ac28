import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnswerMode } from '../question/answer-parts.ts';
import { categories as categoryOrder } from './dataset.ts';
import { formatViolation, type GateResult } from './gate.ts';
import type { EvaluationResult, ItemRecord, MetricName, Metrics } from './runner.ts';

export interface ReportMeta {
  date: string;
  machine: string;
  command: string;
  dataset: string;
  /** `in-process` or the base URL evaluated. */
  target: string;
  durationMs: number;
  /** From the engine's health (models, index build time), when it could be read. */
  engine?: Record<string, unknown>;
  /** Dataset problems found before the run (evidence no passage contains). */
  datasetWarnings: string[];
}

interface Column {
  metric: MetricName | 'items';
  header: string;
  format: 'percent' | 'ratio' | 'ms' | 'count';
}

const columns: Column[] = [
  { metric: 'items', header: 'n', format: 'count' },
  { metric: 'accuracy', header: 'acc', format: 'percent' },
  { metric: 'factAccuracy', header: 'facts', format: 'percent' },
  { metric: 'factRecall', header: 'fact%', format: 'percent' },
  { metric: 'hitAt1', header: 'hit@1', format: 'percent' },
  { metric: 'hitAt5', header: 'hit@5', format: 'percent' },
  { metric: 'mrr', header: 'MRR', format: 'ratio' },
  { metric: 'citationPrecision', header: 'citeP', format: 'percent' },
  { metric: 'evidenceRecall', header: 'evR', format: 'percent' },
  { metric: 'declinePrecision', header: 'decP', format: 'percent' },
  { metric: 'declineRecall', header: 'decR', format: 'percent' },
  { metric: 'languageMatch', header: 'lang', format: 'percent' },
  { metric: 'scriptMatch', header: 'script', format: 'percent' },
  { metric: 'latencyP50Ms', header: 'p50ms', format: 'ms' },
  { metric: 'latencyP95Ms', header: 'p95ms', format: 'ms' },
  { metric: 'proseShare', header: 'prose', format: 'percent' },
  { metric: 'medianAnswerChars', header: 'len50', format: 'count' },
];

function formatValue(value: number | null, format: Column['format']): string {
  if (value === null) return '–';
  if (format === 'percent') return `${(value * 100).toFixed(1)}%`;
  if (format === 'ratio') return value.toFixed(3);
  if (format === 'ms') return value < 10 ? value.toFixed(1) : String(Math.round(value));
  return String(value);
}

const modeName = (mode: AnswerMode): string => `retrieval ${mode.retrieval}, generator ${mode.generator}`;

export function describeModes(result: EvaluationResult): string {
  return result.modes.length === 0 ? 'unknown (no response reported a mode)' : result.modes.map(modeName).join(' + ');
}

type Row = [label: string, metrics: Metrics];

function rowsOf(result: EvaluationResult): { languages: Row[]; categories: Row[]; documents: Row[] } {
  const sorted = (groups: Record<string, Metrics>): Row[] => Object.entries(groups).sort(([left], [right]) => left.localeCompare(right));
  return {
    languages: [['overall', result.overall], ...sorted(result.byLanguage)],
    categories: byCategoryOrder(result.byCategory),
    documents: sorted(result.byDocument),
  };
}

// The dataset's category order (answerable kinds first, declines last), not the order met.
function byCategoryOrder(groups: Record<string, Metrics>): Row[] {
  const position = (label: string) => (categoryOrder as readonly string[]).indexOf(label);
  return Object.entries(groups).sort(([left], [right]) => position(left) - position(right));
}

function cell(metrics: Metrics, column: Column): string {
  return column.metric === 'items' ? String(metrics.items) : formatValue(metrics[column.metric], column.format);
}

function textTable(title: string, rows: Row[]): string {
  const labelWidth = Math.max(title.length, ...rows.map(([label]) => label.length));
  const widths = columns.map((column) => Math.max(column.header.length, ...rows.map(([, metrics]) => cell(metrics, column).length)));
  const line = (label: string, cells: string[]) => [label.padEnd(labelWidth), ...cells.map((text, index) => text.padStart(widths[index] ?? 0))].join('  ');
  const header = line(
    title,
    columns.map((column) => column.header),
  );
  return [
    header,
    '─'.repeat(header.length),
    ...rows.map(([label, metrics]) =>
      line(
        label,
        columns.map((column) => cell(metrics, column)),
      ),
    ),
  ].join('\n');
}

/** The console summary: overall and per language, then per category, then the commonest failures. */
export function formatConsoleReport(result: EvaluationResult): string {
  const { languages, categories } = rowsOf(result);
  const failed = result.records.filter((record) => record.failed).length;
  const lines = [
    `mode: ${describeModes(result)}${result.retrievalSource === 'citations' ? ' (hit@k and MRR from the cited passages only)' : ''}`,
    '',
    textTable('language', languages),
    '',
    textTable('category', categories),
    '',
    `${failed} of ${result.records.length} questions failed${failed > 0 ? '; commonest reasons:' : ''}`,
    ...result.reasonCounts.slice(0, 8).map(({ reason, count }) => `  ${String(count).padStart(4)}  ${reason}`),
  ];
  return lines.join('\n');
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Hand-written SVG: one horizontal bar per category and per language, length = accuracy (facts
 * for answerable questions, declining for the rest), so it renders anywhere Markdown shows images.
 */
export function renderChart(result: EvaluationResult): string {
  const rowHeight = 22;
  const labelWidth = 170;
  const barWidth = 360;
  const width = labelWidth + barWidth + 170;
  const sections: Array<{ title: string; rows: Row[]; colour: (label: string) => string }> = [
    { title: 'By category', rows: byCategoryOrder(result.byCategory), colour: (label) => (label.startsWith('decline-') ? '#d9822b' : '#2b6cb0') },
    {
      title: 'By language',
      rows: [['overall', result.overall], ...Object.entries(result.byLanguage)],
      colour: (label) => (label === 'overall' ? '#4a5568' : '#2f855a'),
    },
  ];
  const parts: string[] = [];
  let y = 40;
  for (const section of sections) {
    parts.push(`<text x="10" y="${y}" font-weight="bold">${escapeXml(section.title)}</text>`);
    y += 10;
    for (const [label, metrics] of section.rows) {
      const value = metrics.accuracy ?? 0;
      const length = Math.max(value * barWidth, value > 0 ? 1 : 0);
      parts.push(
        `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeXml(label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 3}" width="${barWidth}" height="${rowHeight - 6}" fill="#edf2f7"/>`,
        `<rect x="${labelWidth}" y="${y + 3}" width="${length.toFixed(1)}" height="${rowHeight - 6}" fill="${section.colour(label)}">` +
          `<title>${escapeXml(`${label}: ${formatValue(metrics.accuracy, 'percent')} of ${metrics.items}`)}</title></rect>`,
        `<text x="${labelWidth + barWidth + 8}" y="${y + 15}">${formatValue(metrics.accuracy, 'percent')} (n=${metrics.items})</text>`,
      );
      y += rowHeight;
    }
    y += 24;
  }
  const height = y;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" ` +
      'aria-label="Accuracy by category and language" font-family="system-ui, sans-serif" font-size="13">',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">Accuracy by category and language — ${escapeXml(describeModes(result))}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function markdownTable(title: string, rows: Row[]): string {
  const header = `| ${title} | ${columns.map((column) => column.header).join(' | ')} |`;
  const rule = `|---|${columns.map(() => '---:').join('|')}|`;
  return [header, rule, ...rows.map(([label, metrics]) => `| ${label} | ${columns.map((column) => cell(metrics, column)).join(' | ')} |`)].join('\n');
}

// Answers and questions are model or user text: keep them from breaking the Markdown around them.
const quoteBlock = (text: string): string =>
  text.trim() === ''
    ? '> (empty)'
    : text
        .split('\n')
        .map((line) => `> ${line.replace(/([<>])/g, '\\$1')}`)
        .join('\n');

function failureEntry(record: ItemRecord): string {
  const expected = record.answerable
    ? record.expected.facts.map((variants, index) => `${record.factsPassed[index] ? '✓' : '✗'} ${variants.join(' / ')}`).join('; ')
    : 'a decline (answered: false)';
  const lines = [
    `### ${record.id} · ${record.category} · ${record.lang}`,
    '',
    `**Why:** ${record.reasons.length > 0 ? record.reasons.join('; ') : 'wrong'}`,
    '',
    `- question: ${record.question}${record.followUpOf !== undefined ? ` (follow-up of ${record.followUpOf})` : ''}`,
    ...(record.resolvedQuestion !== undefined ? [`- resolved as: ${record.resolvedQuestion}`] : []),
    `- expected: ${expected}`,
    ...(record.answerable
      ? [`- gold evidence: ${record.expected.evidence.map((evidence) => `“${evidence}”`).join(' ')} (from ${record.docIds.join(', ')})`]
      : []),
    [
      `- evidence rank: ${record.hitRank ?? (record.answerable ? 'not in top 10' : '–')}`,
      `answered: ${record.answered}`,
      `language: ${record.language || '–'}`,
      `latency: ${Math.round(record.latencyMs)} ms`,
    ].join(' · '),
    `- cited: ${record.citations.length > 0 ? record.citations.join(', ') : 'nothing'}`,
    ...(record.notice !== undefined ? [`- notice: ${record.notice}`] : []),
    '',
    quoteBlock(record.answer),
    '',
  ];
  return lines.join('\n');
}

/** The Markdown report: what was measured and how, the tables, the chart, and every failure with why. */
export function renderMarkdown(result: EvaluationResult, meta: ReportMeta, gate?: GateResult, chartFile = 'latest.svg'): string {
  const { languages, categories, documents } = rowsOf(result);
  const failures = result.records.filter((record) => record.failed);
  const lines = [
    '# Evaluation report',
    '',
    `- **mode:** ${describeModes(result)}`,
    `- **target:** ${meta.target}`,
    `- **date:** ${meta.date}`,
    `- **machine:** ${meta.machine}`,
    `- **command:** \`${meta.command}\``,
    `- **dataset:** ${meta.dataset} (${result.records.length} questions: ${result.overall.answerable} answerable, ${result.overall.unanswerable} to decline)`,
    `- **run time:** ${(meta.durationMs / 1000).toFixed(1)} s`,
    ...(meta.engine !== undefined
      ? [
          `- **engine:** ${Object.entries(meta.engine)
            .filter(([key]) => key !== 'status' && key !== 'mode')
            .map(([key, value]) => `${key} ${typeof value === 'string' ? value : JSON.stringify(value)}`)
            .join(' · ')}`,
        ]
      : []),
    `- **retrieval metrics from:** ${
      result.retrievalSource === 'retriever'
        ? "the engine's ranked passages (top 10)"
        : 'the cited passages only, in citation order — the deployment does not expose its ranking, ' +
          'so hit@k and MRR are a lower bound and not comparable with in-process runs'
    }`,
    '',
    'Metric definitions: [eval/README.md](../README.md). Percentages; `–` = not measurable for that group.',
    '',
  ];
  if (gate !== undefined) {
    lines.push(`## Gate: ${gate.passed ? 'passed' : 'FAILED'}`, '');
    for (const violation of gate.violations) lines.push(`- ✗ ${formatViolation(violation)}`);
    for (const note of gate.notes) lines.push(`- note: ${note}`);
    if (gate.skipped.length > 0) lines.push(`- skipped: ${gate.skipped.map(({ key, why }) => `${key} (${why})`).join('; ')}`);
    lines.push('');
  }
  lines.push(
    '## Overall and by language',
    '',
    markdownTable('language', languages),
    '',
    '## By category',
    '',
    markdownTable('category', categories),
    '',
    `![Accuracy by category and language](${chartFile})`,
    '',
    '## By document',
    '',
    markdownTable('document', documents),
    '',
    '## Failure reasons',
    '',
    failures.length === 0
      ? 'None.'
      : ['| reason | questions |', '|---|---:|', ...result.reasonCounts.map(({ reason, count }) => `| ${reason} | ${count} |`)].join('\n'),
    '',
  );
  if (meta.datasetWarnings.length > 0) {
    lines.push(
      '## Dataset warnings',
      '',
      'Gold evidence that no indexed passage of the named documents contains; ' +
        'those questions cannot score a retrieval hit until the dataset (or the chunking) is fixed.',
      '',
    );
    for (const warning of meta.datasetWarnings) lines.push(`- ${warning}`);
    lines.push('');
  }
  lines.push(`## Failures (${failures.length})`, '');
  if (failures.length === 0) lines.push('Every question passed.', '');
  for (const record of failures) lines.push(failureEntry(record));
  return lines.join('\n');
}

export interface WrittenReports {
  json: string;
  markdown: string;
  chart: string;
}

/**
 * Writes <name>.json (everything, every record), <name>.md and <name>.svg into `directory`: `latest` for
 * the main set, the dataset's file name for another (a held-out run never overwrites the main report).
 */
export function writeReports(result: EvaluationResult, meta: ReportMeta, directory: string, gate?: GateResult, name = 'latest'): WrittenReports {
  mkdirSync(directory, { recursive: true });
  const paths = { json: join(directory, `${name}.json`), markdown: join(directory, `${name}.md`), chart: join(directory, `${name}.svg`) };
  const mode = describeModes(result);
  const everything = {
    meta: { ...meta, mode, modes: result.modes, retrievalSource: result.retrievalSource },
    gate,
    overall: result.overall,
    byLanguage: result.byLanguage,
    byCategory: result.byCategory,
    byDocument: result.byDocument,
    reasonCounts: result.reasonCounts,
    records: result.records,
  };
  writeFileSync(paths.json, `${JSON.stringify(everything, null, 2)}\n`);
  writeFileSync(paths.markdown, renderMarkdown(result, meta, gate, `${name}.svg`));
  writeFileSync(paths.chart, renderChart(result));
  return paths;
}
