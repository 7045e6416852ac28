import type { Analysis } from '../evidence/create-analyzer.ts';
import type { KeyTerm } from '../question/key-terms.ts';

/**
 * `npm run ask -- "…" --explain`: why the engine answered as it did, for whoever tunes it — the key terms it looked
 * for (Chinese forms, weight, unknown), what kind of fact it read the question as asking for, the passages retrieved
 * and the evidence sentences chosen with their scores, and the answerability decision.
 */
const describeTerm = (term: KeyTerm) =>
  `${term.label} [${term.forms.join('|')}] ${term.weight.toFixed(2)}${term.unknown ? ' unknown' : ''}${term.foreignName ? ' other-place' : ''}`;

export function explainAnalysis(analysis: Analysis): string[] {
  const { retrieval, terms, needs, evidence, decision } = analysis;
  const asked = Object.entries(needs)
    .filter(([, value]) => value === true || (Array.isArray(value) && value.length > 0) || (typeof value === 'string' && value !== ''))
    .map(([name, value]) => (value === true ? name : `${name}=${Array.isArray(value) ? value.join('|') : String(value)}`));
  const lines = [
    `question (${analysis.language}): ${retrieval.normalizedQuestion}`,
    ...(analysis.resolvedQuestion === null ? [] : [`read as (follow-up): ${analysis.resolvedQuestion}`]),
    `key terms: ${terms.map(describeTerm).join('; ') || '(none)'}`,
    `asks for: ${asked.join(', ') || '(nothing particular)'}`,
    ...(retrieval.bridged.length === 0
      ? []
      : [`bridged: ${[...new Set(retrieval.bridged.map((term) => `${term.from} → ${term.term} (${term.source})`))].join('; ')}`]),
    `retrieved (${retrieval.mode}):`,
    ...retrieval.hits.map((hit, rank) => `  ${rank + 1}. ${hit.chunk.id}  score ${hit.score.toFixed(3)}  ${hit.chunk.title}`),
    'evidence:',
    ...evidence.map((item) => `  ${item.score.toFixed(3)}  coverage ${item.coverage.toFixed(2)}  ${item.hit.chunk.id}  ${item.sentence}`),
    `decision: ${decision.answerable ? 'answerable' : `decline (${JSON.stringify(decision.reason)})`}`,
  ];
  return lines;
}
