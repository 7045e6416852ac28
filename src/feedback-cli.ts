import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { readFeedback } from './question-log/feedback-store.ts';

const usage = `Usage: npm run feedback -- [--json] [--file <path>]
  (no flag)  print the stored feedback (FEEDBACK_FILE) as a table, oldest first
  --json     one JSON record per line instead
  --file     read another feedback file`;

const clip = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, file: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(usage);
    return;
  }
  const file = resolve(values.file ?? loadConfig().FEEDBACK_FILE);
  const records = await readFeedback(file, {
    onSkippedLine: (line, reason) => console.error(`skipped line ${line} of ${file}: ${reason}`),
  });
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
