import type { EmbeddingsInterface } from '@langchain/core/embeddings';

export interface Throughput {
  texts: number;
  seconds: number;
  textsPerSecond: number;
}

/** Times one embedDocuments call over `texts` (warm the model first: the first call pays for session start). */
export async function measureThroughput(embedder: EmbeddingsInterface, texts: string[]): Promise<Throughput> {
  const started = performance.now();
  await embedder.embedDocuments(texts);
  const seconds = (performance.now() - started) / 1000;
  return { texts: texts.length, seconds, textsPerSecond: seconds > 0 ? texts.length / seconds : Infinity };
}
