import { ms, table } from './markdown-table.ts';
import type { WorstCaseMeasurement, WorstCaseResult } from './worst-case-bench.ts';

/** The slowest input of each family, slowest family first. */
export function worstByFamily(result: WorstCaseResult): Array<WorstCaseMeasurement & { inputs: number }> {
  const families = new Map<string, WorstCaseMeasurement[]>();
  for (const item of result.inputs) families.set(item.family, [...(families.get(item.family) ?? []), item]);
  return [...families.values()]
    .map((items) => ({ ...items.reduce((worst, item) => (item.ms > worst.ms ? item : worst)), inputs: items.length }))
    .sort((left, right) => right.ms - left.ms);
}

/** The slowest input of all, or null when none was measured. */
export function slowestInput(result: WorstCaseResult): WorstCaseMeasurement | null {
  return result.inputs.reduce<WorstCaseMeasurement | null>((worst, item) => (worst === null || item.ms > worst.ms ? item : worst), null);
}

/** A measurement's conversation history, as the tables show it. */
function history(item: WorstCaseMeasurement): string {
  return item.historyTurns === 0 ? '–' : `${item.historyTurns} turns, ${item.historyChars.toLocaleString('en')} chars`;
}
const verdict = (value: number, target: number) => (value <= target ? 'yes' : '**no**');

/** The "Worst-case latency" section of bench/report.md. */
export function renderWorstCase(result: WorstCaseResult, cores: number): string[] {
  const slowest = slowestInput(result);
  const families = worstByFamily(result);
  const lines: string[] = ['## Worst-case latency: adversarial inputs within the request limits', ''];
  lines.push(
    [
      `${result.inputs.length} inputs from \`src/bench/worst-case-inputs.ts\`, each as large as the request limits allow`,
      '(question ≤ 1,000 characters, ≤ 20 history turns of ≤ 4,000 characters, JSON body ≤ 16 KiB)',
      'and aimed at one kind of pattern the question path runs over user text.',
      'Each goes through the engine in process (lexical retrieval, extractive answers: follow-up rewriting, question analysis, key terms,',
      'evidence selection, the decision, the answer) and, as the family "verification", as a model\'s answer (with citation markers)',
      "through citation verification, the LLM path's checks.",
      `Time: the fastest of ${result.runsPerInput} runs (fewer when one run took seconds), since the machine is shared.`,
      `Target: no input over ${result.targetMs} ms on this machine (${cores} cores).`,
    ].join(' '),
    '',
  );
  if (slowest !== null)
    lines.push(
      `Slowest input: **${ms(slowest.ms)}** (${slowest.family}: ${slowest.name}) — ` +
        `target ${verdict(slowest.ms, result.targetMs) === 'yes' ? 'met' : '**missed**'}.`,
      '',
    );
  lines.push('### Slowest input of each family', '');
  lines.push(
    table(
      ['family', 'inputs', 'slowest input', 'question chars', 'history', 'time', `≤ ${result.targetMs} ms`],
      families.map((item) => [
        item.family,
        String(item.inputs),
        item.name,
        String(item.questionChars),
        history(item),
        ms(item.ms),
        verdict(item.ms, result.targetMs),
      ]),
    ),
    '',
  );
  lines.push('### The ten slowest inputs', '');
  const ten = [...result.inputs].sort((left, right) => right.ms - left.ms).slice(0, 10);
  lines.push(
    table(
      ['input', 'family', 'question chars', 'history', 'time', 'runs'],
      ten.map((item) => [item.name, item.family, String(item.questionChars), history(item), ms(item.ms), String(item.runs)]),
    ),
    '',
  );
  return lines;
}

/** The tuning note on worst-case inputs: the slowest, and the input issue 11 reported. */
export function worstCaseTuning(result: WorstCaseResult): string | null {
  const slowest = slowestInput(result);
  if (slowest === null) return null;
  const reported = result.inputs.filter((item) => item.name.includes('(the reported input)') && item.family !== 'verification (the input as an LLM answer)');
  const reportedText =
    reported.length === 0
      ? ''
      : ' The follow-ups after the reported turn (4,000 characters of “Name a “Name …), which took 1.5–2.8 s before the fix (issue 11), ' +
        `take ${reported.map((item) => ms(item.ms)).join(', ')}.`;
  const slowestText = `The slowest of ${result.inputs.length} took ${ms(slowest.ms)} (${slowest.family}: ${slowest.name})`;
  return `- **Worst-case inputs.** ${slowestText}, against a target of ${result.targetMs} ms.${reportedText}`;
}
