import type { EmbeddingsInterface } from '@langchain/core/embeddings';

/**
 * What retrieval needs from an embedding model. It is LangChain's EmbeddingsInterface (so the
 * HNSWLib store can use it directly) plus the facts the manifest records.
 */
export interface Embedder extends EmbeddingsInterface {
  /** Model id as configured, e.g. `Xenova/multilingual-e5-small`. */
  readonly model: string;
  readonly dims: number;
}

export interface EmbedProgress {
  onProgress?: (done: number, total: number) => void;
}
