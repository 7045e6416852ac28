/** A small seeded generator, so every synthetic corpus and query set is the same on every run. */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, count). */
  int(count: number): number;
  /** Standard normal (Box–Muller). */
  gaussian(): number;
  pick<T>(items: readonly T[]): T;
}

/**
 * sfc32 seeded through splitmix32. A plain LCG is not enough here: its draws repeat in patterns
 * that made identical 384-d "random" vectors in an early version of this benchmark.
 */
export function createSeededRandom(seed: number): SeededRandom {
  let mix = seed >>> 0;
  const splitmix = (): number => {
    mix = (mix + 0x9e3779b9) >>> 0;
    let value = mix;
    value = Math.imul(value ^ (value >>> 16), 0x85ebca6b);
    value = Math.imul(value ^ (value >>> 13), 0xc2b2ae35);
    return (value ^ (value >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let counter = 1;
  let spare: number | null = null;

  function next(): number {
    const sum = (((a + b) | 0) + counter) | 0;
    counter = (counter + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + sum) | 0;
    return (sum >>> 0) / 4294967296;
  }
  for (let round = 0; round < 12; round += 1) next();

  return {
    next,
    int: (count) => Math.floor(next() * count),
    gaussian() {
      if (spare !== null) {
        const value = spare;
        spare = null;
        return value;
      }
      const radius = Math.sqrt(-2 * Math.log(1 - next()));
      const angle = 2 * Math.PI * next();
      spare = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from no items');
      return items[Math.floor(next() * items.length)] as T;
    },
  };
}
