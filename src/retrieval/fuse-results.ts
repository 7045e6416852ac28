export interface RankedId {
  id: string;
}

/**
 * Reciprocal rank fusion: each list contributes weight / (k + rank). It needs no score calibration
 * between BM25 and cosine similarity, which live on unrelated scales.
 */
export function fuseResults(lists: Array<{ hits: RankedId[]; weight?: number }>, { k = 60 }: { k?: number } = {}): Array<{ id: string; score: number }> {
  const scores = new Map<string, number>();
  for (const { hits, weight = 1 } of lists) {
    hits.forEach((hit, rank) => scores.set(hit.id, (scores.get(hit.id) ?? 0) + weight / (k + rank + 1)));
  }
  return [...scores.entries()].map(([id, score]) => ({ id, score })).sort((left, right) => right.score - left.score);
}
