import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one command the way its npm script does (tsx), without a terminal, and never throws. */
async function command(script: string, args: string[], environment: Record<string, string> = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: root,
      timeout: 60_000,
      env: { ...process.env, ...environment },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// Every `npm run …` command that reads options, with the first words of its usage.
const commands: Array<[script: string, usage: string]> = [
  ['src/ask-cli.ts', 'Usage: npm run ask -- '],
  ['src/feedback-cli.ts', 'Usage: npm run feedback -- [--json] [--file <path>]'],
  ['src/ingest/cli.ts', 'Usage: npm run ingest -- [--force] [--list] [--json] [--no-dense]'],
  ['src/ingest/docs-cli.ts', 'Usage:\n  npm run docs -- add <file|folder|urls.txt>'],
  ['src/enrichment/enrich-cli.ts', 'Usage: npm run enrich -- [--dry-run] [--batch-size N]'],
  ['src/eval/cli.ts', 'Usage: npm run eval -- [--gate] [--url <base>]'],
  ['src/load/cli.ts', 'Usage: npm run load -- [--scenario answer|feedback]'],
  ['src/question-log/insights-cli.ts', 'Usage: npm run insights -- [--days N] [--limit 20]'],
  ['src/bench/cli.ts', 'npm run bench [-- --quick]'],
];

// Each run starts a real process (tsx and the command's imports): seconds each on a loaded machine.
describe('the commands (real processes)', { timeout: 180_000 }, () => {
  it('print their usage for --help and -h, exit 0 and do nothing else', async () => {
    for (const [script, usage] of commands) {
      for (const flag of ['--help', '-h']) {
        const outcome = await command(script, [flag]);
        expect({ script, flag, code: outcome.code, stderr: outcome.stderr }).toEqual({ script, flag, code: 0, stderr: '' });
        expect(outcome.stdout.startsWith(usage), `${script} ${flag}: ${outcome.stdout}`).toBe(true);
      }
    }
  });

  it('refuse a mistyped number with the rule and the usage (exit 2) before doing any work', async () => {
    const load = await command('src/load/cli.ts', ['--duration', '0']);
    expect(load.code).toBe(2);
    expect(load.stderr).toContain('--duration must be a positive number, not "0"\n\nUsage: npm run load');
    const warmup = await command('src/load/cli.ts', ['--warmup=-1']);
    expect(warmup.stderr).toContain('--warmup must be a non-negative number, not "-1"');
    // No index and no log there: the number is refused before either is read.
    const nowhere = { INDEX_DIR: join(tmpdir(), 'sip-no-index-here'), QUESTION_LOG_FILE: join(tmpdir(), 'sip-no-log-here.jsonl') };
    const insights = await command('src/question-log/insights-cli.ts', ['--limit', '2.5'], nowhere);
    expect(insights.code).toBe(2);
    expect(insights.stderr).toContain('--limit must be a whole number of at least 1, not "2.5"\n\nUsage: npm run insights');
  });

  it('refuse an unknown option through their own error report', async () => {
    const outcome = await command('src/feedback-cli.ts', ['--jsno']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("feedback failed: Unknown option '--jsno'");
  });
});
