import { resolve } from 'node:path';
import { parseCliArgs } from './cli/parse-cli-args.ts';
import { loadConfig } from './config.ts';
import { createPool, describeDatabase } from './index-store/database-pool.ts';
import { readDatabaseFeedback } from './index-store/pg-feedback-log.ts';
import { readFeedback, type FeedbackRecord } from './question-log/feedback-store.ts';

const usage = `Usage: npm run feedback -- [--json] [--file <path>]
  (no flag)  print the stored feedback as a table, oldest first: from the database when DATABASE_URL is set, else FEEDBACK_FILE
  --json     one JSON record per line instead
  --file     read another feedback file`;

const clip = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

async function main(): Promise<void> {
  const parsed = parseCliArgs(usage, { strings: ['file'], flags: ['json'] });
  if (parsed === undefined) return;
  const { values } = parsed;
  const config = loadConfig();
  let records: FeedbackRecord[];
  let file: string;
  if (values.file === undefined && config.DATABASE_URL !== undefined) {
    file = `the database at ${describeDatabase(config.DATABASE_URL)}`;
    const pool = createPool(config.DATABASE_URL);
    try {
      records = await readDatabaseFeedback(pool);
    } finally {
      await pool.end();
    }
  } else {
    const path = resolve(values.file ?? config.FEEDBACK_FILE);
    file = path;
    records = await readFeedback(path, {
      onSkippedLine: (line, reason) => console.error(`skipped line ${line} of ${path}: ${reason}`),
    });
  }
  if (values.json) {
    for (const record of records) console.log(JSON.stringify(record));
    return;
  }
  if (records.length === 0) {
    console.log(`no feedback yet in ${file}`);
    return;
  }
  console.table(
    records.map((record) => ({
      received: record.receivedAt.slice(0, 19).replace('T', ' '),
      rating: record.rating === 'up' ? '👍 up' : '👎 down',
      question: clip(record.question, 40),
      comment: clip(record.comment ?? '', 40),
      citations: (record.citations ?? []).join(' '),
    })),
  );
  const up = records.filter((record) => record.rating === 'up').length;
  console.log(`${records.length} records: ${up} up, ${records.length - up} down (${file})`);
}

main().catch((error: unknown) => {
  console.error(`feedback failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
