import { parseArgs } from 'node:util';

/** The options a command takes, by kind; every command also takes --help (-h). */
export interface CliSpec<Strings extends string, Flags extends string> {
  /** Options that take a value: `--name value` or `--name=value`. */
  strings?: readonly Strings[];
  /** Options that take none. */
  flags?: readonly Flags[];
  /** Whether bare words (a subcommand, a question) may follow. */
  positionals?: boolean;
}

export interface CliArgs<Strings extends string, Flags extends string> {
  values: { [Name in Strings]?: string } & { [Name in Flags]?: boolean };
  positionals: string[];
}

/**
 * node:util parseArgs for every `npm run …` command, so they all read options alike: strict (an unknown
 * option or a missing value throws, and each command's own catch reports it), `--help` and `-h` print the
 * usage on stdout. Undefined when the usage was printed: the command has nothing more to do.
 */
export function parseCliArgs<const Strings extends string = never, const Flags extends string = never>(
  usage: string,
  spec: CliSpec<Strings, Flags>,
  args?: readonly string[],
): CliArgs<Strings, Flags> | undefined {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const name of spec.strings ?? []) options[name] = { type: 'string' };
  for (const name of spec.flags ?? []) options[name] = { type: 'boolean' };
  options['help'] = { type: 'boolean', short: 'h' };
  // Without `args`, parseArgs reads process.argv the way Node documents (the script's own arguments).
  const { values, positionals } = parseArgs({ ...(args !== undefined ? { args } : {}), options, allowPositionals: spec.positionals ?? false });
  if (values['help'] === true) {
    console.log(usage);
    return undefined;
  }
  return { values: values as CliArgs<Strings, Flags>['values'], positionals };
}
