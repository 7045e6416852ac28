/** Lower-case pinyin with at least one tone mark, as in `會(huì)議`, `產(chǎn)業(yè)`. */
const reading = /\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,8}\)/g;

/**
 * Removes pinyin readings after characters while keeping real parentheses such as `(NMPA)`,
 * `(caiMR)`, `(2023-2025)`, `(DFM)` and `(信樂)`.
 */
export function removePinyin(text: string): string {
  // A reading whose opening bracket and character were lost to a bad encoding: `微球?qū)`.
  return text.replace(reading, '').replace(/\?[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,8}\)/g, '');
}

export function countPinyin(text: string): number {
  return text.match(reading)?.length ?? 0;
}
