import type { Config } from '../config.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { loadIndex } from './load-index.ts';
import { buildEnrichmentFields } from '../retrieval/enrichment-fields.ts';
import { createRetriever } from '../retrieval/retriever.ts';
import { glossaryChineseTerms } from '../text/glossary.ts';
import { createAnswerEngine, type AnalyzingAnswerEngine } from './create-answer-engine.ts';
import type { EngineLogger } from './engine-logger.ts';
import type { Generator } from '../generation/generator.ts';

export { createAnswerEngine };

/** The engine as loaded from index/. */
export type LoadedAnswerEngine = AnalyzingAnswerEngine;

export interface LoadAnswerEngineOptions {
  config: Config;
  /** An embedder already loaded (tests); otherwise the manifest's model is loaded when it has vectors. */
  embedder?: Embedder | null;
  /** Override the configured LLM (tests with a fake server). */
  llm?: Generator | null;
  /** Where LLM failures are reported (the server's logger); stderr when not given. */
  logger?: EngineLogger;
}

/**
 * The configured LLM, or null. LangChain's chat model and the OpenAI client (~40 MB, ~0.5 s to import) are
 * imported only here, when an LLM is configured: the default extractive mode never loads them (issue 17).
 */
async function configuredLlm(config: Config): Promise<Generator | null> {
  if (config.LLM_BASE_URL === undefined || config.LLM_MODEL === undefined) return null;
  const { createLlmGenerator } = await import('../generation/llm-generator.ts');
  return createLlmGenerator({ baseUrl: config.LLM_BASE_URL, apiKey: config.LLM_API_KEY ?? '', model: config.LLM_MODEL, timeoutMs: config.LLM_TIMEOUT_MS });
}

/**
 * Loads index/ once (see loadIndex: manifest check, chunks, lexical index, jieba, bridge, vectors when the
 * manifest has them and the model loads) and builds the engine. Refuses an index that is missing, corrupt
 * or built for a different configuration, with a message that says how to rebuild.
 */
export async function loadAnswerEngine({ config, embedder, llm, logger }: LoadAnswerEngineOptions): Promise<LoadedAnswerEngine> {
  const { manifest, chunks, lexical, glossary, tokenizer, bridge, dictionary, enrichment, fieldIndexes, vectors, denseReason } = await loadIndex({
    config,
    ...(embedder !== undefined ? { embedder } : {}),
  });
  const retriever = createRetriever({
    chunks,
    lexical,
    tokenizer,
    bridge,
    glossaryNames: new Set(glossaryChineseTerms(glossary)),
    vectors,
    fields: buildEnrichmentFields(chunks, enrichment.byId, tokenizer, fieldIndexes),
  });
  const generator = llm !== undefined ? llm : await configuredLlm(config);
  return createAnswerEngine({
    retriever,
    lexical,
    tokenizer,
    glossary,
    chunks,
    // An index built before documents had a contact policy shows no contact data.
    documents: manifest.documents.map(({ slug, file, title, published, contacts }) => ({
      slug,
      file,
      title,
      publishedYear: Number(published.slice(0, 4)),
      contacts: contacts ?? 'none',
    })),
    manifest,
    enrichment,
    outsideNames: new Set(dictionary?.outsideNames ?? []),
    llm: generator,
    embeddingModel: vectors ? (manifest.dense?.model ?? null) : null,
    ...(denseReason !== undefined ? { denseReason } : {}),
    ...(logger !== undefined ? { logger } : {}),
  });
}
