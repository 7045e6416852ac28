import type { EngineHealth } from '../question/answer-parts.ts';

/** One line that tells the operator what quality to expect, e.g. `mode: lexical retrieval (dense off: …) · extractive answers (no LLM configured)`. */
export function describeMode(health: EngineHealth): string {
  const retrieval =
    health.mode.retrieval === 'hybrid'
      ? `hybrid retrieval (lexical + dense ${health.embeddingModel ?? ''})`.replace(' )', ')')
      : `lexical retrieval (dense off: ${health.denseReason ?? 'no embedding model'})`;
  const generator =
    health.mode.generator === 'llm' ? `LLM answers (${health.llmModel ?? 'unknown model'}, extractive fallback)` : 'extractive answers (no LLM configured)';
  return `mode: ${retrieval} · ${generator}`;
}
