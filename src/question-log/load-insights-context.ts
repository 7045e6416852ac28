import type { Config } from '../config.ts';
import { loadIndex } from '../engine/load-index.ts';
import type { PassageForInsights } from './question-insights.ts';
import { createQuestionTerms, type QuestionTerms } from './question-terms.ts';

/** What insights need from the index: the words of questions (jieba, the English bridge) and the passages. */
export interface InsightsContext {
  terms: QuestionTerms;
  passages: PassageForInsights[];
}

/**
 * Reads the lexical side of the index (no vectors, no model): jieba with the index's glossary, the
 * bridge, the chunk list. The server loads it on the first insights request, not at start.
 */
export async function loadInsightsContext(config: Config): Promise<InsightsContext> {
  const index = await loadIndex({ config, embedder: null });
  return {
    terms: createQuestionTerms(index),
    passages: index.chunks.map((chunk) => ({
      id: chunk.id,
      // An entry's title is often its section's last heading already.
      title: [...chunk.section, ...(chunk.section.at(-1) === chunk.title ? [] : [chunk.title])].filter((part) => part !== '').join(' › '),
      document: chunk.docId,
    })),
  };
}
