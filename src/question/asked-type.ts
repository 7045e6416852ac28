import { stemmer } from 'stemmer';

/**
 * The kind of thing an English question asks for, the noun of its "what …"/"which …": "What equipment did SVG Tech
 * develop…?" → equipment, "Which thrombectomy technique does…" → technique, "on which sub-indicators did…" →
 * sub-indicators. The sentence that names that kind (「…纳米光刻设备」, "…nanolithography equipment") is the one that
 * answers; a sentence matching more of the question's other words (the project, the prize) only introduces it.
 *
 * Only a noun followed by the question's verb counts ("What equipment did", "Which sectors does"), so "What is X"
 * and "Which of the…" give none. Chinese questions have no such boundary a rule can read (哪些设备研发… vs 哪些设备), so
 * this is English only.
 */
const auxiliary = String.raw`(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could|should)\b`;
const word = String.raw`(?!${auxiliary})[a-z][\w-]*`;
const askedNoun = new RegExp(String.raw`\b(?:what|which)\s+(?:(?:kinds?|types?|sorts?)\s+of\s+)?((?:${word}\s+){0,2}?${word})\s+${auxiliary}`, 'i');

/**
 * Nouns that name no kind of thing a sentence can be seen to state: the other needs (date, number, rank) read them,
 * or they stand for the whole question ("what role", "which way").
 */
const notKinds = new Set(
  [
    'year',
    'month',
    'day',
    'date',
    'time',
    'number',
    'amount',
    'share',
    'percentage',
    'rank',
    'place',
    'role',
    'way',
    'one',
    'thing',
    'part',
    'kind',
    'type',
  ].map((word) => stemmer(word)),
);

export function askedTypeOf(question: string): string | null {
  const words = askedNoun.exec(question)?.[1]?.toLowerCase().split(/\s+/);
  const noun = words?.at(-1);
  if (noun === undefined || /^(?:the|a|an|its|their|his|her|sip|sip's)$/.test(noun)) return null;
  return notKinds.has(stemmer(noun)) ? null : noun;
}

/** Whether a key term's English word (its label) is the asked kind: the same stem ("sectors" and "sector"). */
export function isAskedType(label: string, askedType: string | null): boolean {
  if (askedType === null) return false;
  const last = label.toLowerCase().split(/\s+/).at(-1) ?? '';
  return stemmer(last) === stemmer(askedType);
}
