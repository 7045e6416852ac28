/** What an option's number must be: `expected` is said in the error message, `accepts` checks it. */
export interface NumberRule {
  expected: string;
  accepts(value: number): boolean;
}

export const positiveNumber: NumberRule = { expected: 'a positive number', accepts: (value) => Number.isFinite(value) && value > 0 };
export const nonNegativeNumber: NumberRule = { expected: 'a non-negative number', accepts: (value) => Number.isFinite(value) && value >= 0 };
export const wholeNumberFromOne: NumberRule = { expected: 'a whole number of at least 1', accepts: (value) => Number.isInteger(value) && value >= 1 };

/**
 * The number an option gives, or `fallback` when it is not given. Anything else ends the command with
 * exit code 2 and the rule and usage on stderr: a mistyped number must not start a long run on a default.
 */
export function numberOption<Fallback extends number | undefined>(
  usage: string,
  name: string,
  value: string | undefined,
  fallback: Fallback,
  rule: NumberRule,
): number | Fallback {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!rule.accepts(parsed)) {
    console.error(`--${name} must be ${rule.expected}, not ${JSON.stringify(value)}\n\n${usage}`);
    process.exit(2);
  }
  return parsed;
}
