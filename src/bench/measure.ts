import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const now = () => performance.now();

export async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const started = now();
  const value = await work();
  return { value, ms: now() - started };
}

export interface SampleOptions {
  /** Untimed passes over the inputs first (JIT, caches), each cut short after `budgetMs` (at least 10 inputs). */
  warmup?: number;
  /** Stop once this much time has been spent timing (at least `minSamples` are taken). */
  budgetMs?: number;
  minSamples?: number;
}

/** Times `run` once per input, in order, after a warm-up; returns milliseconds per call. */
export async function sampleLatencies<I>(
  inputs: readonly I[],
  run: (input: I) => unknown,
  { warmup = 1, budgetMs = Infinity, minSamples = 3 }: SampleOptions = {},
): Promise<number[]> {
  for (let pass = 0; pass < warmup; pass += 1) {
    const passStarted = now();
    for (const [index, input] of inputs.entries()) {
      await run(input);
      if (index >= 9 && now() - passStarted > budgetMs) break;
    }
  }
  const samples: number[] = [];
  const started = now();
  for (const input of inputs) {
    const callStarted = now();
    await run(input);
    samples.push(now() - callStarted);
    if (samples.length >= minSamples && now() - started > budgetMs) break;
  }
  return samples;
}

let collect: (() => void) | null | undefined;
let collectSource: GcSource = 'unavailable';

export type GcSource = 'node --expose-gc' | 'switched on at run time' | 'unavailable';

/** How heap figures were made comparable (see collectGarbage). */
export function gcSource(): GcSource {
  collectGarbage();
  return collectSource;
}

/**
 * A full garbage collection, so heap deltas measure what is retained. Uses `global.gc` when node runs
 * with --expose-gc, otherwise switches the flag on at run time (works on Node 20; same collector).
 */
export function collectGarbage(): boolean {
  if (collect === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') {
      collect = exposed;
      collectSource = 'node --expose-gc';
    } else {
      try {
        setFlagsFromString('--expose-gc');
        collect = runInNewContext('gc') as () => void;
        collectSource = 'switched on at run time';
      } catch {
        collect = null;
      }
    }
  }
  if (collect === null) return false;
  // Several passes: a single full GC can leave work for the next (weak references, finalizers).
  for (let pass = 0; pass < 3; pass += 1) collect();
  return true;
}

export interface MemorySnapshot {
  heapUsed: number;
  rss: number;
  /** C++ objects bound to JS and array buffers (Float32Array data lives here, not in the heap). */
  external: number;
}

export function memorySnapshot(): MemorySnapshot {
  collectGarbage();
  const { heapUsed, rss, external } = process.memoryUsage();
  return { heapUsed, rss, external };
}

export function memoryDelta(after: MemorySnapshot, before: MemorySnapshot): MemorySnapshot {
  return { heapUsed: after.heapUsed - before.heapUsed, rss: after.rss - before.rss, external: after.external - before.external };
}

/**
 * Heap deltas smaller than this are within what V8 itself moves between two full collections
 * (bytecode flushing, compiled code, inline caches): per-chunk figures from them mean nothing.
 */
export const MEMORY_NOISE_BYTES = 4 * 2 ** 20;

/** bytes / count, or null when `bytes` is within the noise floor. */
export function perItem(bytes: number, count: number): number | null {
  return Math.abs(bytes) < MEMORY_NOISE_BYTES || count <= 0 ? null : bytes / count;
}

/** Builds something and reports its time and the memory still held after a GC (the caller keeps the value alive). */
export async function measureBuild<T>(build: () => T | Promise<T>): Promise<{ value: T; ms: number; memory: MemorySnapshot }> {
  const before = memorySnapshot();
  const { value, ms } = await timed(build);
  return { value, ms, memory: memoryDelta(memorySnapshot(), before) };
}
