import { readFileSync, writeFileSync } from 'node:fs';
import type { LexicalHit, LexicalIndexData, LexicalSettings, WeightedTerm } from './lexical-index.ts';

const MAGIC = 'SIPLEX01';

/**
 * The in-memory layout of LexicalIndex (measured first as a proposal by `npm run bench`): the same BM25 (same
 * formula, same arithmetic order, same tie order, so the same hits) over a packed layout —
 *  - postings in three typed arrays (term offsets, chunk indexes, term frequencies) instead of one
 *    JS array per term;
 *  - scores accumulated in one reused Float64Array indexed by chunk, instead of a Map entry and a
 *    `matched` array per touched chunk;
 *  - top k picked with a bounded heap instead of sorting every touched chunk;
 *  - `matched` terms computed only for the k hits returned (binary search in sorted postings);
 *  - saved as one binary file whose arrays are used in place on load, instead of JSON.
 * search() is synchronous and uses shared scratch arrays: one index must not be searched re-entrantly
 * (it cannot be: nothing awaits inside).
 */
export class PackedLexicalIndex {
  readonly settings: LexicalSettings;
  readonly #ids: string[];
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

  private constructor(parts: { settings: LexicalSettings; ids: string[]; terms: string[]; offsets: Uint32Array; chunkIndexes: Uint32Array; frequencies: Uint32Array; lengths: Uint32Array }) {
    this.settings = parts.settings;
    this.#ids = parts.ids;
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

  static fromData(data: LexicalIndexData): PackedLexicalIndex {
    const terms = Object.keys(data.postings);
    const offsets = new Uint32Array(terms.length + 1);
    let total = 0;
    terms.forEach((term, index) => {
      offsets[index] = total;
      total += (data.postings[term]?.length ?? 0) / 2;
    });
    offsets[terms.length] = total;
    const chunkIndexes = new Uint32Array(total);
    const frequencies = new Uint32Array(total);
    terms.forEach((term, index) => {
      const postings = data.postings[term] ?? [];
      let position = offsets[index] as number;
      for (let cursor = 0; cursor < postings.length; cursor += 2, position += 1) {
        chunkIndexes[position] = postings[cursor] as number;
        frequencies[position] = postings[cursor + 1] as number;
      }
    });
    return new PackedLexicalIndex({ settings: data.settings, ids: data.ids, terms, offsets, chunkIndexes, frequencies, lengths: Uint32Array.from(data.lengths) });
  }

  get size(): number {
    return this.#ids.length;
  }

  /** Bytes held in typed arrays (postings, lengths, norms, scratch). */
  get typedBytes(): number {
    return [this.#offsets, this.#chunkIndexes, this.#frequencies, this.#lengths, this.#norms, this.#scores, this.#touched, this.#touchOrder].reduce((sum, array) => sum + array.byteLength, 0);
  }

  /** Header (JSON: settings, ids, terms) then the four arrays, 4-byte aligned. */
  save(file: string): number {
    const header = Buffer.from(JSON.stringify({ settings: this.settings, ids: this.#ids, terms: [...this.#terms.keys()], postings: this.#chunkIndexes.length }));
    const headerLength = Math.ceil(header.length / 4) * 4;
    const arrays = [this.#offsets, this.#chunkIndexes, this.#frequencies, this.#lengths];
    const buffer = Buffer.alloc(16 + headerLength + arrays.reduce((sum, array) => sum + array.byteLength, 0), 0x20);
    buffer.write(MAGIC, 0, 'latin1');
    buffer.writeUInt32LE(header.length, 8);
    header.copy(buffer, 16);
    let position = 16 + headerLength;
    for (const array of arrays) {
      Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(buffer, position);
      position += array.byteLength;
    }
    writeFileSync(file, buffer);
    return buffer.length;
  }

  static load(file: string): PackedLexicalIndex {
    const buffer = readFileSync(file);
    if (buffer.toString('latin1', 0, 8) !== MAGIC) throw new Error(`${file} is not a packed lexical index`);
    const headerBytes = buffer.readUInt32LE(8);
    const header = JSON.parse(buffer.toString('utf8', 16, 16 + headerBytes)) as { settings: LexicalSettings; ids: string[]; terms: string[]; postings: number };
    // Typed-array views need 4-byte alignment; readFileSync of a large file gives its own buffer at 0.
    const aligned = buffer.byteOffset % 4 === 0 ? buffer : Buffer.from(buffer);
    let position = aligned.byteOffset + 16 + Math.ceil(headerBytes / 4) * 4;
    const take = (length: number): Uint32Array => {
      const view = new Uint32Array(aligned.buffer, position, length);
      position += length * 4;
      return view;
    };
    const offsets = take(header.terms.length + 1);
    const chunkIndexes = take(header.postings);
    const frequencies = take(header.postings);
    const lengths = take(header.ids.length);
    return new PackedLexicalIndex({ settings: header.settings, ids: header.ids, terms: header.terms, offsets, chunkIndexes, frequencies, lengths });
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
        // Same expression and order as LexicalIndex.search, so scores are bit-identical.
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
