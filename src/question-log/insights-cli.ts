import { resolve } from 'node:path';
import { numberOption, wholeNumberFromOne } from '../cli/number-option.ts';
import { parseCliArgs } from '../cli/parse-cli-args.ts';
import { loadConfig } from '../config.ts';
// The feedback file's reader; a tool may import from the server (like src/load).
import { readFeedback } from './feedback-store.ts';
import { formatInsightsText, insightsCsv, questionsCsv } from './insights-report.ts';
import { loadInsightsContext } from './load-insights-context.ts';
import { openQuestionLogStore } from './open-question-log-store.ts';
import { computeInsights } from './question-insights.ts';

const usage = `Usage: npm run insights -- [--days N] [--limit 20] [--csv | --questions-csv | --json]
  (no flag)        a text report: questions per day and language, top questions and declined questions
                   grouped by meaning, passages cited most and never, thumbs-down with comments
  --csv            the same as one CSV table (UTF-8 with BOM, for Excel), on stdout
  --questions-csv  the log itself as CSV, one row per question, with the feedback on its answer
  --json           the insights as JSON (what GET /api/admin/insights returns)
  --days N         only the last N days (default: everything stored; LOG_RETENTION_DAYS bounds that)
  --limit N        groups and passages listed (default 20)
Reads QUESTION_LOG_FILE (default: questions.jsonl beside FEEDBACK_FILE), FEEDBACK_FILE, and the index
(INDEX_DIR: jieba, the English bridge and the passage list; build it with npm run ingest).`;

async function main(): Promise<void> {
  const parsed = parseCliArgs(usage, { strings: ['days', 'limit'], flags: ['csv', 'questions-csv', 'json'] });
  if (parsed === undefined) return;
  const { values } = parsed;
  // Checked before anything is read: a mistyped number is refused even when the log or the index is missing.
  const days = numberOption(usage, 'days', values.days, undefined, wholeNumberFromOne);
  const limit = numberOption(usage, 'limit', values.limit, 20, wholeNumberFromOne);
  const config = loadConfig();
  const feedbackFile = resolve(config.FEEDBACK_FILE);
  const store = openQuestionLogStore(config);
  const [entries, feedback] = await Promise.all([
    store.read(),
    readFeedback(feedbackFile, { onSkippedLine: (line, reason) => console.error(`skipped line ${line} of ${feedbackFile}: ${reason}`) }),
  ]);
  if (values['questions-csv'] === true) {
    process.stdout.write(questionsCsv(entries, feedback));
    return;
  }
  const context = await loadInsightsContext(config);
  const insights = computeInsights({
    entries,
    feedback,
    ...context,
    limit,
    ...(days !== undefined ? { days } : {}),
  });
  if (values.csv === true) process.stdout.write(insightsCsv(insights));
  else if (values.json === true) console.log(JSON.stringify(insights, null, 2));
  else {
    process.stdout.write(formatInsightsText(insights));
    console.log(`\n(${store.description}; ${feedbackFile})`);
  }
}

main().catch((error: unknown) => {
  console.error(`insights failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
