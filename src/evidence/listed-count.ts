const bodyName = /(?:公司|集团|医药|药业|科技|生物|大学|学院|研究院|研究所|医院|中心|实验室|银行|基金)[)）]?$/;

/** The items of the longest 、-separated list in one clause of the sentence. */
function longestList(sentence: string): string[] {
  let best: string[] = [];
  for (const clause of sentence.split(/[，,；;。：:]/)) {
    if (!clause.includes('、')) continue;
    const items = clause.split('、');
    if (items.length > best.length) best = items;
  }
  return best;
}

/** Whether the listed items are companies or institutions (every one but the last ends like a name of one). */
export function listsBodies(sentence: string): boolean {
  const items = longestList(sentence);
  return items.length >= 2 && items.slice(0, -1).every((item) => bodyName.test(item.trim()));
}

/**
 * How many names a sentence lists, when it lists them in full: 「凌志软件、敏芯微电子、思瑞浦、天臣国际医疗在上交所挂牌上市」
 * lists 4. A list that ends in 等 ("… and others") counts nothing, nor does one of fewer than two names.
 */
export function listedCount(sentence: string): number | null {
  const best = longestList(sentence);
  if (best.length < 2) return null;
  const last = best[best.length - 1] as string;
  // 「A、B等企业」「A、B等3家」: the list is not all of them (or says how many itself).
  if (/^[^在获入被]*等/.test(last)) return null;
  // 「A、B和C」: the last item may join two.
  const joined = /^[^在获入被]{2,}?(?:和|及|与|以及)[^在获入被]{2,}/.test(last) ? 1 : 0;
  return best.length + joined;
}

/**
 * How many companies or institutions a sentence names in full, or null: what answers "how many companies…?" when no
 * figure does (a list of parks or diseases counts nothing asked). One test for deciding, choosing and answering.
 */
export function bodiesListed(sentence: string): number | null {
  return listsBodies(sentence) ? listedCount(sentence) : null;
}
