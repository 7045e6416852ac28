import { readFileSync, writeFileSync } from 'node:fs';
import { readProblem } from '../index-store/index-files.ts';
import { decodeLexicalFile, encodeLexicalFile, LexicalFileError, postingsProblem, type PackedLexicalParts } from './lexical-index-file.ts';
import type { LexicalHit, LexicalIndexData, LexicalSettings, WeightedTerm } from './lexical-types.ts';

/**
 * The in-memory layout of LexicalIndex (measured first as a proposal by `npm run bench`): BM25 over
 *  - postings in three typed arrays (term offsets, chunk indexes, term frequencies) instead of one
 *    JS array per term;
 *  - scores accumulated in one reused Float64Array indexed by chunk, instead of a Map entry and a
 *    `matched` array per touched chunk;
 *  - top k picked with a bounded heap instead of sorting every touched chunk;
 *  - `matched` terms computed only for the k hits returned (binary search in sorted postings);
 *  - saved as one binary file (`lexical.bin`, see lexical-index-file.ts) whose arrays are used in place on load.
 * search() is synchronous and uses shared scratch arrays: one index must not be searched re-entrantly
 * (it cannot be: nothing awaits inside).
 */
export class PackedLexicalIndex {
  readonly settings: LexicalSettings;
  readonly #ids: string[];
  readonly #termList: string[];
  readonly #terms: Map<string, number>;
  readonly #offsets: Uint32Array;
  readonly #chunkIndexes: Uint32Array;
  readonly #frequencies: Uint32Array;
  readonly #lengths: Uint32Array;
  /** k1 · (1 − b + b · length / average), per chunk: the length part of BM25, computed once. */
  readonly #norms: Float64Array;
  readonly #scores: Float64Array;
  readonly #touched: Uint32Array;
  /** 1 + the touch order of a chunk in the current search, 0 when untouched. */
  readonly #touchOrder: Uint32Array;

  private constructor(parts: PackedLexicalParts) {
    this.settings = parts.settings;
    this.#ids = parts.ids;
    this.#termList = parts.terms;
    this.#terms = new Map(parts.terms.map((term, index) => [term, index]));
    this.#offsets = parts.offsets;
    this.#chunkIndexes = parts.chunkIndexes;
    this.#frequencies = parts.frequencies;
    this.#lengths = parts.lengths;
    const count = parts.ids.length;
    let total = 0;
    for (let index = 0; index < count; index += 1) total += parts.lengths[index] as number;
    const average = total / Math.max(1, count);
    const { k1, b } = parts.settings;
    this.#norms = new Float64Array(count);
    for (let index = 0; index < count; index += 1) this.#norms[index] = k1 * (1 - b + (b * (parts.lengths[index] as number)) / average);
    this.#scores = new Float64Array(count);
    this.#touched = new Uint32Array(count);
    this.#touchOrder = new Uint32Array(count);
  }

  /** Packs the plain form (what build() assembles); throws when its postings are malformed. */
  static fromData(data: LexicalIndexData): PackedLexicalIndex {
    const terms = Object.keys(data.postings);
    const offsets = new Uint32Array(terms.length + 1);
    let total = 0;
    terms.forEach((term, index) => {
      offsets[index] = total;
      total += Math.floor((data.postings[term]?.length ?? 0) / 2);
    });
    offsets[terms.length] = total;
    const chunkIndexes = new Uint32Array(total);
    const frequencies = new Uint32Array(total);
    terms.forEach((term, index) => {
      const postings = data.postings[term] ?? [];
      let position = offsets[index] as number;
      for (let cursor = 0; cursor + 1 < postings.length; cursor += 2, position += 1) {
        chunkIndexes[position] = postings[cursor] as number;
        frequencies[position] = postings[cursor + 1] as number;
      }
    });
    const parts = { settings: data.settings, ids: data.ids, terms, offsets, chunkIndexes, frequencies, lengths: Uint32Array.from(data.lengths) };
    const problem = postingsProblem(parts);
    if (problem !== null) throw new Error(`lexical index data is malformed: ${problem}`);
    return new PackedLexicalIndex(parts);
  }

  /** Reads and checks a lexical.bin; a missing, truncated or damaged file throws an error naming it. */
  static load(file: string): PackedLexicalIndex {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new LexicalFileError(file, readProblem(error));
    }
    return PackedLexicalIndex.decode(bytes, file);
  }

  /** The index in a lexical.bin's bytes (read by the caller); `file` names it in errors. Its arrays stay views over `bytes`. */
  static decode(bytes: Buffer, file: string): PackedLexicalIndex {
    const parts = decodeLexicalFile(bytes, file);
    const index = new PackedLexicalIndex(parts);
    if (index.#terms.size !== parts.terms.length) throw new LexicalFileError(file, 'is corrupt: a term is listed twice');
    return index;
  }

  /** Writes lexical.bin; returns its size in bytes. */
  save(file: string): number {
    const bytes = encodeLexicalFile(
      {
        settings: this.settings,
        ids: this.#ids,
        terms: this.#termList,
        offsets: this.#offsets,
        chunkIndexes: this.#chunkIndexes,
        frequencies: this.#frequencies,
        lengths: this.#lengths,
      },
      file,
    );
    writeFileSync(file, bytes);
    return bytes.length;
  }

  get size(): number {
    return this.#ids.length;
  }

  /** Chunk ids in index order (chunks.jsonl's order). */
  get ids(): readonly string[] {
    return this.#ids;
  }

  /** Tokens indexed over all chunks. */
  get totalTokens(): number {
    let total = 0;
    for (const length of this.#lengths) total += length;
    return total;
  }

  /** Postings: (chunk, term) pairs. */
  get postingCount(): number {
    return this.#chunkIndexes.length;
  }

  /** Bytes held in typed arrays (postings, lengths, norms, scratch). */
  get typedBytes(): number {
    return [this.#offsets, this.#chunkIndexes, this.#frequencies, this.#lengths, this.#norms, this.#scores, this.#touched, this.#touchOrder].reduce(
      (sum, array) => sum + array.byteLength,
      0,
    );
  }

  documentFrequency(term: string): number {
    const index = this.#terms.get(term);
    return index === undefined ? 0 : (this.#offsets[index + 1] as number) - (this.#offsets[index] as number);
  }

  /** Every indexed term with its document frequency (what the English→Chinese bridge needs). */
  vocabulary(): Map<string, number> {
    const vocabulary = new Map<string, number>();
    for (const [term, index] of this.#terms) vocabulary.set(term, (this.#offsets[index + 1] as number) - (this.#offsets[index] as number));
    return vocabulary;
  }

  idf(term: string): number {
    const frequency = this.documentFrequency(term);
    return Math.log(1 + (this.#ids.length - frequency + 0.5) / (frequency + 0.5));
  }

  search(terms: WeightedTerm[], { topK = 20 }: { topK?: number } = {}): LexicalHit[] {
    const { k1 } = this.settings;
    const k1Plus1 = k1 + 1;
    const merged = new Map<string, number>();
    for (const { term, weight } of terms) merged.set(term, Math.max(merged.get(term) ?? 0, weight));
    const scores = this.#scores;
    const touched = this.#touched;
    const touchOrder = this.#touchOrder;
    const norms = this.#norms;
    const chunkIndexes = this.#chunkIndexes;
    const frequencies = this.#frequencies;
    let touchedCount = 0;
    const used: Array<{ term: string; start: number; end: number }> = [];
    for (const [term, weight] of merged) {
      const index = this.#terms.get(term);
      if (index === undefined) continue;
      const start = this.#offsets[index] as number;
      const end = this.#offsets[index + 1] as number;
      used.push({ term, start, end });
      const idfWeight = this.idf(term) * weight;
      for (let position = start; position < end; position += 1) {
        const chunkIndex = chunkIndexes[position] as number;
        const frequency = frequencies[position] as number;
        // Same expression and order as the index before the packed layout, so scores are bit-identical to it.
        const termScore = (idfWeight * frequency * k1Plus1) / (frequency + (norms[chunkIndex] as number));
        if (touchOrder[chunkIndex] === 0) {
          touched[touchedCount] = chunkIndex;
          touchedCount += 1;
          touchOrder[chunkIndex] = touchedCount;
          scores[chunkIndex] = termScore;
        } else scores[chunkIndex] = (scores[chunkIndex] as number) + termScore;
      }
    }
    const best = this.#topK(touchedCount, Math.max(0, topK));
    const hits = best.map((chunkIndex) => ({
      id: this.#ids[chunkIndex] as string,
      score: scores[chunkIndex] as number,
      matched: used.filter(({ start, end }) => contains(chunkIndexes, start, end, chunkIndex)).map(({ term }) => term),
    }));
    for (let position = 0; position < touchedCount; position += 1) touchOrder[touched[position] as number] = 0;
    return hits;
  }

  /** The k best touched chunks, best first; ties go to the chunk touched first (as a stable sort would). */
  #topK(touchedCount: number, k: number): number[] {
    const scores = this.#scores;
    const touched = this.#touched;
    const order = this.#touchOrder;
    // a ranks below b: lower score, or the same score touched later.
    const worse = (a: number, b: number): boolean => {
      const scoreA = scores[a] as number;
      const scoreB = scores[b] as number;
      return scoreA < scoreB || (scoreA === scoreB && (order[a] as number) > (order[b] as number));
    };
    const heap: number[] = [];
    const siftDown = (from: number): void => {
      let parent = from;
      for (;;) {
        const left = parent * 2 + 1;
        const right = left + 1;
        let smallest = parent;
        if (left < heap.length && worse(heap[left] as number, heap[smallest] as number)) smallest = left;
        if (right < heap.length && worse(heap[right] as number, heap[smallest] as number)) smallest = right;
        if (smallest === parent) return;
        [heap[parent], heap[smallest]] = [heap[smallest] as number, heap[parent] as number];
        parent = smallest;
      }
    };
    for (let position = 0; position < touchedCount; position += 1) {
      const chunkIndex = touched[position] as number;
      if (heap.length < k) {
        heap.push(chunkIndex);
        let child = heap.length - 1;
        while (child > 0) {
          const parent = (child - 1) >> 1;
          if (!worse(heap[child] as number, heap[parent] as number)) break;
          [heap[parent], heap[child]] = [heap[child] as number, heap[parent] as number];
          child = parent;
        }
      } else if (k > 0 && worse(heap[0] as number, chunkIndex)) {
        heap[0] = chunkIndex;
        siftDown(0);
      }
    }
    return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
  }
}

/** Whether a sorted run of chunk indexes holds `chunkIndex`. */
function contains(chunkIndexes: Uint32Array, start: number, end: number, chunkIndex: number): boolean {
  let low = start;
  let high = end - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = chunkIndexes[middle] as number;
    if (value === chunkIndex) return true;
    if (value < chunkIndex) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
