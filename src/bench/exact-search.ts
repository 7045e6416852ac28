import type { VectorSet } from './synthetic-vectors.ts';

export interface ScoredRow {
  row: number;
  score: number;
}

/**
 * Brute-force cosine search over unit vectors in one Float32Array: the exact answer that recall is
 * measured against, and the latency an index has to beat. Rows must already be unit length.
 */
export class ExactCosineSearch {
  readonly #set: VectorSet;

  constructor(set: VectorSet) {
    this.#set = set;
  }

  get bytes(): number {
    return this.#set.data.byteLength;
  }

  search(query: ArrayLike<number>, k: number): ScoredRow[] {
    const { dims, count, data } = this.#set;
    let queryNorm = 0;
    for (let index = 0; index < dims; index += 1) queryNorm += (query[index] as number) ** 2;
    const scale = queryNorm > 0 ? 1 / Math.sqrt(queryNorm) : 0;
    const unitQuery = new Float32Array(dims);
    for (let index = 0; index < dims; index += 1) unitQuery[index] = (query[index] as number) * scale;

    const size = Math.min(k, count);
    if (size <= 0) return [];
    // The best `size` so far, best first; a row enters only when it beats the current last.
    const topScores = new Float64Array(size).fill(-Infinity);
    const topRows = new Int32Array(size).fill(-1);
    for (let row = 0, base = 0; row < count; row += 1, base += dims) {
      let dot = 0;
      let index = 0;
      for (; index + 3 < dims; index += 4) {
        dot +=
          (unitQuery[index] as number) * (data[base + index] as number) +
          (unitQuery[index + 1] as number) * (data[base + index + 1] as number) +
          (unitQuery[index + 2] as number) * (data[base + index + 2] as number) +
          (unitQuery[index + 3] as number) * (data[base + index + 3] as number);
      }
      for (; index < dims; index += 1) dot += (unitQuery[index] as number) * (data[base + index] as number);
      if (dot <= (topScores[size - 1] as number)) continue;
      let position = size - 1;
      while (position > 0 && (topScores[position - 1] as number) < dot) {
        topScores[position] = topScores[position - 1] as number;
        topRows[position] = topRows[position - 1] as number;
        position -= 1;
      }
      topScores[position] = dot;
      topRows[position] = row;
    }
    const results: ScoredRow[] = [];
    for (let position = 0; position < size; position += 1) results.push({ row: topRows[position] as number, score: topScores[position] as number });
    return results;
  }
}
