import { stringify } from 'csv-stringify/sync';
import type { QuestionGroup } from './group-questions.ts';
import type { FeedbackForInsights, Insights } from './question-insights.ts';
import type { QuestionLogEntry } from './question-log-entry.ts';

/**
 * Visitors' text goes into spreadsheets: a cell starting with = + - @ (or a tab/CR) would run as a formula
 * in Excel or LibreOffice, so such cells get a leading apostrophe (OWASP "CSV injection").
 */
function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** UTF-8 with a byte-order mark, so Excel shows the Chinese text instead of mojibake. */
function csv(rows: Array<Array<string | number | boolean | null | undefined>>): string {
  return `\ufeff${stringify(
    rows.map((row) => row.map(cell)),
    { record_delimiter: 'windows' },
  )}`;
}

const groupRows = (section: string, groups: QuestionGroup[]) =>
  groups.map((group, index) => [
    section,
    index + 1,
    group.label,
    group.count,
    group.languages.zh,
    group.languages.en,
    group.terms.join(' '),
    group.examples.join(' | '),
  ]);

/** The insights as one table: a `section` column says which list each row belongs to. */
export function insightsCsv(insights: Insights): string {
  return csv([
    ['section', 'rank', 'item', 'count', 'zh', 'en', 'terms', 'details'],
    ...insights.perDay.map((day) => ['per day', '', day.day, day.questions, day.zh, day.en, '', `answered ${day.answered}, declined ${day.declined}`]),
    ...groupRows('top questions', insights.topQuestions),
    ...groupRows('declined questions', insights.declinedQuestions),
    ...insights.passagesCitedMost.map((passage, index) => [
      'passages cited most',
      index + 1,
      passage.id,
      passage.citations,
      '',
      '',
      '',
      `${passage.document} · ${passage.title}`,
    ]),
    ...insights.passagesNeverCited.map((passage) => ['passages never cited', '', passage.id, 0, '', '', '', `${passage.document} · ${passage.title}`]),
    ...insights.thumbsDown.map((item) => [
      'thumbs down',
      '',
      item.question,
      1,
      '',
      '',
      '',
      [item.receivedAt, item.comment ?? '', item.linked ? `answered: ${String(item.answered)}` : 'not linked to a logged question'].join(' | '),
    ]),
    ...insights.origins.map((origin) => ['partner sites', '', origin.origin, origin.questions, '', '', '', '']),
  ]);
}

/** The log itself, one row per question, with the feedback given on its answer (linked by answer id). */
export function questionsCsv(entries: readonly QuestionLogEntry[], feedback: readonly FeedbackForInsights[]): string {
  const byAnswer = new Map(feedback.filter((record) => record.answerId !== undefined).map((record) => [record.answerId as string, record]));
  return csv([
    [
      'at',
      'language',
      'question',
      'resolved_question',
      'answered',
      'citations',
      'retrieval',
      'generator',
      'channel',
      'latency_ms',
      'origin',
      'rating',
      'comment',
    ],
    ...entries.map((entry) => {
      const rated = byAnswer.get(entry.requestId);
      return [
        entry.at,
        entry.language,
        entry.question,
        entry.resolvedQuestion,
        entry.answered,
        entry.citations.join(' '),
        entry.mode.retrieval,
        entry.mode.generator,
        entry.channel,
        entry.latencyMs,
        entry.origin,
        rated?.rating,
        rated?.comment,
      ];
    }),
  ]);
}

const percent = (part: number, whole: number) => (whole === 0 ? '0%' : `${Math.round((part / whole) * 100)}%`);

function groupLines(groups: QuestionGroup[]): string[] {
  if (groups.length === 0) return ['  (none)'];
  return groups.map((group, index) => {
    const more = group.examples.length > 1 ? `\n        also: ${group.examples.slice(1, 3).join(' / ')}` : '';
    const about = `zh ${group.languages.zh}, en ${group.languages.en}; ${group.terms.join(' ') || '—'}`;
    return `  ${String(index + 1).padStart(2)}. ${String(group.count).padStart(4)} × ${group.label}  [${about}]${more}`;
  });
}

/** The insights as a plain-text report for the terminal (`npm run insights`). */
export function formatInsightsText(insights: Insights): string {
  const { totals, range } = insights;
  const busiestDay = Math.max(...insights.perDay.map((row) => row.questions));
  const column = (value: number) => String(value).padStart(5);
  const lines = [
    `Question log insights — ${range.from ?? '—'} to ${range.to ?? '—'} (${insights.timeZone})${range.days !== null ? `, last ${range.days} days` : ''}`,
    '',
    `${totals.questions} questions: ${totals.answered} answered, ${totals.declined} declined (${percent(totals.declined, totals.questions)}); ` +
      `zh ${totals.zh}, en ${totals.en}`,
    `feedback: ${totals.thumbsUp} up, ${totals.thumbsDown} down; ${totals.feedbackLinked} linked to a logged question`,
    '',
    'Questions per day (total, zh, en, declined):',
    ...insights.perDay.map((day) => {
      const bar = '█'.repeat(Math.max(1, Math.round((day.questions / busiestDay) * 40)));
      return `  ${day.day}  ${column(day.questions)}  ${column(day.zh)}  ${column(day.en)}  ${column(day.declined)}  ${bar}`;
    }),
    '',
    'Top questions, grouped by meaning:',
    ...groupLines(insights.topQuestions),
    '',
    'Declined questions (what the documents do not answer), grouped by meaning:',
    ...groupLines(insights.declinedQuestions),
    '',
    'Passages cited most:',
    ...(insights.passagesCitedMost.length === 0
      ? ['  (none)']
      : insights.passagesCitedMost.map((passage) => `  ${String(passage.citations).padStart(4)} × ${passage.id}  ${passage.title}`)),
    '',
    `Passages never cited: ${insights.passagesNeverCited.length}${
      insights.passagesNeverCited.length > 0
        ? ` (e.g. ${insights.passagesNeverCited
            .slice(0, 5)
            .map((passage) => passage.id)
            .join(', ')})`
        : ''
    }`,
    '',
    'Thumbs down:',
    ...(insights.thumbsDown.length === 0
      ? ['  (none)']
      : insights.thumbsDown.map(
          (item) => `  ${item.receivedAt.slice(0, 16).replace('T', ' ')}  ${item.question}${item.comment !== null ? `\n        “${item.comment}”` : ''}`,
        )),
  ];
  if (insights.origins.length > 0)
    lines.push('', 'Partner sites:', ...insights.origins.map((origin) => `  ${String(origin.questions).padStart(5)}  ${origin.origin}`));
  return `${lines.join('\n')}\n`;
}
