import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
import { BM25Retriever } from '@langchain/community/retrievers/bm25';
import { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { vectorRow, type VectorSet } from './synthetic-vectors.ts';

/**
 * LangChain's stock pieces, used the way its docs show, as the baseline our retrieval is compared
 * with. MemoryVectorStore comes from @langchain/classic (where LangChain 1.x moved it; installed as a
 * dependency of @langchain/community); BM25Retriever from @langchain/community.
 */

// Vectors are added precomputed and searched by vector: the store never embeds.
const noEmbeddings: EmbeddingsInterface = {
  embedDocuments: async () => {
    throw new Error('the benchmark adds vectors directly');
  },
  embedQuery: async () => {
    throw new Error('the benchmark searches by vector');
  },
};

export interface LangchainVectorBaseline {
  /** Ids of the k most similar documents, best first. */
  search(query: number[], k: number): Promise<string[]>;
}

/** MemoryVectorStore holding `vectors` (row i ↔ ids[i]). Vectors become number[]s, as the store keeps them. */
export async function buildMemoryVectorStore(vectors: VectorSet, ids: readonly string[], texts: readonly string[]): Promise<LangchainVectorBaseline> {
  const store = new MemoryVectorStore(noEmbeddings);
  const rows: number[][] = [];
  const documents: Document[] = [];
  for (let row = 0; row < vectors.count; row += 1) {
    rows.push(Array.from(vectorRow(vectors, row)));
    documents.push(new Document({ pageContent: texts[row] ?? '', metadata: { id: ids[row] } }));
  }
  await store.addVectors(rows, documents);
  return {
    async search(query, k) {
      const results = await store.similaritySearchVectorWithScore(query, k);
      return results.map(([document]) => String(document.metadata['id']));
    },
  };
}

export interface LangchainBm25Baseline {
  search(query: string): Promise<string[]>;
}

/**
 * BM25Retriever over `texts`. It splits text and query on whitespace and counts substring matches,
 * so Chinese must be given pre-segmented (tokens joined by spaces) to find anything.
 */
export function buildBm25Retriever(texts: readonly string[], ids: readonly string[], k: number): LangchainBm25Baseline {
  const retriever = BM25Retriever.fromDocuments(
    texts.map((text, index) => new Document({ pageContent: text, metadata: { id: ids[index] } })),
    { k },
  );
  return {
    async search(query) {
      const documents = await retriever.invoke(query);
      return documents.map((document) => String(document.metadata['id']));
    },
  };
}
