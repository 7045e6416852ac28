/**
 * recall@k of an approximate result against the exact one: the share of the exact top k that the
 * approximate top k found. With fewer than k exact results, the denominator is what exists.
 */
export function recallAtK<T>(found: readonly T[], exact: readonly T[], k: number): number {
  const truth = new Set(exact.slice(0, k));
  if (truth.size === 0) return 1;
  let hits = 0;
  for (const item of new Set(found.slice(0, k))) if (truth.has(item)) hits += 1;
  return hits / truth.size;
}

/** Mean recall@k over queries (pairs found[i] ↔ exact[i]). */
export function meanRecallAtK<T>(found: readonly (readonly T[])[], exact: readonly (readonly T[])[], k: number): number {
  if (found.length !== exact.length) throw new RangeError(`found has ${found.length} result lists, exact has ${exact.length}`);
  if (found.length === 0) throw new RangeError('recall over no queries');
  return found.reduce((sum, list, index) => sum + recallAtK(list, exact[index] ?? [], k), 0) / found.length;
}
