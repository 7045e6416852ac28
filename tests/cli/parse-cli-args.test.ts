import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCliArgs } from '../../src/cli/parse-cli-args.ts';

const usage = 'Usage: npm run example -- [--limit N] [--json]';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('parseCliArgs', () => {
  it('reads value options in both spellings and flags, and leaves the absent ones undefined', () => {
    const parsed = parseCliArgs(usage, { strings: ['limit', 'log-level', 'out'], flags: ['json', 'dry-run'] }, [
      '--limit',
      '20',
      '--log-level=warn',
      '--dry-run',
    ]);
    expect(parsed?.values).toEqual({ limit: '20', 'log-level': 'warn', 'dry-run': true });
    expect(parsed?.values.out).toBeUndefined();
    expect(parsed?.values.json).toBeUndefined();
    expect(parsed?.positionals).toEqual([]);
  });

  it('takes bare words only from a command that accepts them', () => {
    const spec = { strings: ['year'], positionals: true } as const;
    expect(parseCliArgs(usage, spec, ['add', 'report.pdf', '--year', '2024'])).toEqual({ values: { year: '2024' }, positionals: ['add', 'report.pdf'] });
    expect(() => parseCliArgs(usage, { strings: ['year'] }, ['add'])).toThrow(/positional argument/);
  });

  it('refuses an unknown option, a value option without its value and a value given to a flag', () => {
    expect(() => parseCliArgs(usage, { flags: ['json'] }, ['--jsno'])).toThrow(/Unknown option '--jsno'/);
    expect(() => parseCliArgs(usage, { strings: ['limit'] }, ['--limit'])).toThrow(/--limit/);
    expect(() => parseCliArgs(usage, { flags: ['json'] }, ['--json=yes'])).toThrow(/--json/);
  });

  it('prints the usage on stdout for --help and -h, and says so by returning undefined', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(parseCliArgs(usage, { strings: ['limit'] }, ['--limit', '3', '--help'])).toBeUndefined();
    expect(parseCliArgs(usage, {}, ['-h'])).toBeUndefined();
    expect(log.mock.calls).toEqual([[usage], [usage]]);
  });
});
