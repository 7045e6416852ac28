/**
 * How many names a sentence lists, when it lists them in full: 「凌志软件、敏芯微电子、思瑞浦、天臣国际医疗在上交所挂牌上市」
 * lists 4. A list that ends in 等 ("… and others") counts nothing, nor does one of fewer than two names.
 */
export function listedCount(sentence: string): number | null {
  let best: string[] = [];
  for (const clause of sentence.split(/[，,；;。：:]/)) {
    if (!clause.includes('、')) continue;
    const items = clause.split('、');
    if (items.length > best.length) best = items;
  }
  if (best.length < 2) return null;
  const last = best[best.length - 1] as string;
  // 「A、B等企业」「A、B等3家」: the list is not all of them (or says how many itself).
  if (/^[^在获入被]*等/.test(last)) return null;
  // 「A、B和C」: the last item may join two.
  const joined = /^[^在获入被]{2,}?(?:和|及|与|以及)[^在获入被]{2,}/.test(last) ? 1 : 0;
  return best.length + joined;
}
