import { describe, expect, it } from 'vitest';
import { parseParts } from '../../src/bench/bench-parts.ts';
import { fill, maximalHistory, quotedNamesTurn, withinRequestLimits, worstCaseInputs } from '../../src/bench/worst-case-inputs.ts';
import { requestLimits } from '../../src/server/request-limits.ts';

const characters = (text: string) => [...text].length;

describe('worst-case inputs', () => {
  const inputs = worstCaseInputs();

  it('are all within the request limits, and fill them', () => {
    for (const input of inputs) expect(withinRequestLimits(input.question, input.history), `${input.family}: ${input.name}`).toBe(true);
    // The single-question families use the whole question limit.
    const questions = inputs.filter((input) => input.history.length === 0);
    expect(questions.filter((input) => characters(input.question) === requestLimits.questionChars).length).toBeGreaterThan(questions.length * 0.9);
    // Some history reaches the turn limit, some the turn count.
    expect(inputs.some((input) => input.history.some((turn) => characters(turn.content) === requestLimits.turnChars))).toBe(true);
    expect(inputs.some((input) => input.history.length === requestLimits.historyTurns)).toBe(true);
  });

  it('aim at every kind of text the issue names', () => {
    const families = new Set(inputs.map((input) => input.family));
    for (const family of [
      'quotes',
      'capitalised names',
      'digits',
      '年',
      '第',
      'punctuation',
      'mixed scripts',
      'long single tokens',
      'question frames',
      'follow-ups (long previous turn)',
      'maximal history',
    ])
      expect(families).toContain(family);
    expect(inputs.find((input) => input.name.includes('(the reported input)') && input.question === 'And in 2021?')?.history[0]?.content).toBe(
      quotedNamesTurn(),
    );
  });

  it('are the same on every run, with unique names per family', () => {
    expect(worstCaseInputs()).toEqual(inputs);
    expect(new Set(inputs.map((input) => `${input.family}: ${input.name}`)).size).toBe(inputs.length);
  });
});

describe('fill and maximalHistory', () => {
  it('fill repeats a unit to exactly the length asked, counting code points', () => {
    expect(fill('ab', 5)).toBe('ababa');
    expect(fill('中', 3, '问', '？')).toBe('问中？');
    expect(characters(fill('𝐀x', 7))).toBe(7);
  });

  it('builds 20 turns cut evenly, or two turns as long as fit, always within the body limit', () => {
    const most = maximalHistory('And in 2021?', () => quotedNamesTurn(), 'most turns');
    expect(most).toHaveLength(requestLimits.historyTurns);
    expect(most.at(-1)?.role).toBe('assistant');
    expect(withinRequestLimits('And in 2021?', most)).toBe(true);
    expect(
      withinRequestLimits(
        'And in 2021?',
        most.map((turn) => ({ ...turn, content: `${turn.content}xx` })),
      ),
    ).toBe(false);
    const longest = maximalHistory('And in 2021?', () => 'a'.repeat(5000), 'longest turns');
    expect(longest.map((turn) => [turn.role, characters(turn.content)])).toEqual([
      ['user', requestLimits.turnChars],
      ['assistant', requestLimits.turnChars],
    ]);
  });
});

describe('npm run bench -- --only', () => {
  it('runs every part without it, the named ones in running order with it', () => {
    expect(parseParts(undefined)).toEqual(['real', 'scale', 'worst-case', 'footprint']);
    expect(parseParts('footprint, real')).toEqual(['real', 'footprint']);
    expect(parseParts('worst-case')).toEqual(['worst-case']);
    expect(parseParts('worst-case, real')).toEqual(['real', 'worst-case']);
  });

  it('names the parts when given one it does not know', () => {
    expect(() => parseParts('worst')).toThrow('--only takes real, scale, worst-case, footprint separated by commas, got "worst"');
    expect(() => parseParts(',')).toThrow(/--only takes/);
  });
});
