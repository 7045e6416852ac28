import type { Config } from '../config.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { loadIndex } from '../retrieval/load-index.ts';
import { buildEnrichmentFields } from '../retrieval/enrichment-fields.ts';
import { createRetriever } from '../retrieval/retriever.ts';
import { glossaryChineseTerms } from '../text/glossary.ts';
import type { AnswerEngine } from './answer-parts.ts';
import { createAnswerEngine, type Analysis } from './create-answer-engine.ts';
import type { Generator } from './generator.ts';
import { createLlmGenerator } from './llm-generator.ts';

export { createAnswerEngine };

export interface LoadedAnswerEngine extends AnswerEngine {
  analyze(request: Parameters<AnswerEngine['answer']>[0]): Promise<Analysis>;
  retrieve(question: string, options?: { topK?: number; history?: Array<{ role: 'user' | 'assistant'; content: string }> }): Promise<{ passages: Array<{ id: string; text: string; score: number }> }>;
}

export interface LoadAnswerEngineOptions {
  config: Config;
  /** An embedder already loaded (tests); otherwise the manifest's model is loaded when it has vectors. */
  embedder?: Embedder | null;
  /** Override the configured LLM (tests with a fake server). */
  llm?: Generator | null;
}

/**
 * Loads index/ once (see loadIndex: manifest check, chunks, lexical index, jieba, bridge, vectors when the
 * manifest has them and the model loads) and builds the engine. Refuses an index that is missing, corrupt
 * or built for a different configuration, with a message that says how to rebuild.
 */
export async function loadAnswerEngine({ config, embedder, llm }: LoadAnswerEngineOptions): Promise<LoadedAnswerEngine> {
  const { manifest, chunks, lexical, glossary, tokenizer, bridge, dictionary, enrichment, vectors, denseReason } = await loadIndex({ config, ...(embedder !== undefined ? { embedder } : {}) });
  const retriever = createRetriever({ chunks, lexical, tokenizer, bridge, glossaryNames: new Set(glossaryChineseTerms(glossary)), vectors, fields: buildEnrichmentFields(chunks, enrichment.byId, tokenizer) });
  const generator =
    llm !== undefined
      ? llm
      : config.LLM_BASE_URL !== undefined && config.LLM_MODEL !== undefined
        ? createLlmGenerator({ baseUrl: config.LLM_BASE_URL, apiKey: config.LLM_API_KEY ?? '', model: config.LLM_MODEL, timeoutMs: config.LLM_TIMEOUT_MS })
        : null;
  return createAnswerEngine({
    retriever,
    lexical,
    tokenizer,
    glossary,
    chunks,
    // An index built before documents had a contact policy shows no contact data.
    documents: manifest.documents.map(({ slug, file, title, published, contacts }) => ({ slug, file, title, publishedYear: Number(published.slice(0, 4)), contacts: contacts ?? 'none' })),
    manifest,
    enrichment,
    outsideNames: new Set(dictionary?.outsideNames ?? []),
    llm: generator,
    embeddingModel: vectors ? manifest.dense?.model ?? null : null,
    ...(denseReason !== undefined ? { denseReason } : {}),
  }) as LoadedAnswerEngine;
}
