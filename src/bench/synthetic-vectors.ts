import { createSeededRandom, type SeededRandom } from './seeded-random.ts';

/** Row-major unit vectors: row i is `data.subarray(i * dims, (i + 1) * dims)`. */
export interface VectorSet {
  dims: number;
  count: number;
  data: Float32Array;
}

export interface ClusteredVectorOptions {
  dims?: number;
  seed?: number;
  /** Weight of a document's own random direction against its topic's (cosine between two documents of one topic ≈ 1 / (1 + spread²)). */
  documentSpread?: number;
  /** Weight of a chunk's own random direction against its document's. */
  chunkNoise?: number;
}

export interface ClusteredVectors extends VectorSet {
  /** Draws query vectors from the same model (not in the set). */
  queries(count: number, seed: number): VectorSet;
}

export function vectorRow(set: VectorSet, row: number): Float32Array {
  return set.data.subarray(row * set.dims, (row + 1) * set.dims);
}

/**
 * Vectors with the structure of a real embedding space: topic centroids (one per real passage),
 * document directions around their topic, chunks around their document, all on the unit sphere.
 * Queries are half "about a passage" (near an existing document) and half "about a topic" (near a
 * fresh document of a random topic); the second kind is what makes approximate search work.
 */
export function makeClusteredVectors(
  layout: { topics: Int32Array; documents: Int32Array; topicCount: number; documentCount: number },
  { dims = 384, seed = 7, documentSpread = 0.7, chunkNoise = 0.6 }: ClusteredVectorOptions = {},
): ClusteredVectors {
  const random = createSeededRandom(seed);
  const topicCentroids = Array.from({ length: layout.topicCount }, () => randomUnit(random, dims));
  const documentTopics = new Int32Array(layout.documentCount).fill(-1);
  const documentCentroids = new Float32Array(layout.documentCount * dims);
  const count = layout.topics.length;
  const data = new Float32Array(count * dims);
  const scratch = new Float32Array(dims);
  for (let row = 0; row < count; row += 1) {
    const documentIndex = layout.documents[row] as number;
    const documentCentroid = documentCentroids.subarray(documentIndex * dims, (documentIndex + 1) * dims);
    if (documentTopics[documentIndex] === -1) {
      const topic = layout.topics[row] as number;
      documentTopics[documentIndex] = topic;
      blend(documentCentroid, topicCentroids[topic] as Float32Array, random, documentSpread);
    }
    blend(scratch, documentCentroid, random, chunkNoise);
    data.set(scratch, row * dims);
  }

  function queries(queryCount: number, querySeed: number): VectorSet {
    const queryRandom = createSeededRandom(querySeed);
    const queryData = new Float32Array(queryCount * dims);
    const fresh = new Float32Array(dims);
    for (let row = 0; row < queryCount; row += 1) {
      const target = queryData.subarray(row * dims, (row + 1) * dims);
      if (row % 2 === 0) {
        const documentIndex = layout.documents[queryRandom.int(count)] as number;
        blend(target, documentCentroids.subarray(documentIndex * dims, (documentIndex + 1) * dims), queryRandom, chunkNoise);
      } else {
        blend(fresh, topicCentroids[queryRandom.int(topicCentroids.length)] as Float32Array, queryRandom, documentSpread);
        blend(target, fresh, queryRandom, chunkNoise);
      }
    }
    return { dims, count: queryCount, data: queryData };
  }

  return { dims, count, data, queries };
}

function randomUnit(random: SeededRandom, dims: number): Float32Array {
  const vector = new Float32Array(dims);
  for (let index = 0; index < dims; index += 1) vector[index] = random.gaussian();
  return normalize(vector);
}

/** target = normalize(base + weight · random unit direction). */
function blend(target: Float32Array, base: Float32Array, random: SeededRandom, weight: number): void {
  let norm = 0;
  for (let index = 0; index < target.length; index += 1) {
    const value = random.gaussian();
    target[index] = value;
    norm += value * value;
  }
  const scale = weight / Math.sqrt(norm);
  for (let index = 0; index < target.length; index += 1) target[index] = (base[index] as number) + (target[index] as number) * scale;
  normalize(target);
}

export function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let index = 0; index < vector.length; index += 1) norm += (vector[index] as number) ** 2;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let index = 0; index < vector.length; index += 1) vector[index] = (vector[index] as number) * scale;
  return vector;
}
