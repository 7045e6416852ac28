/**
 * The newspaper PDF doubled every run of its title line:
 * `苏州工业园区苏州工业园区：：创新之城向创新之城向““新新””蝶变升级蝶变升级`.
 * Repairs a line only when it decomposes completely into consecutive doubled runs; any other line
 * is returned unchanged, so ordinary text with a repeated word is safe.
 */
export function repairDoubledTitle(line: string): string {
  const text = line.trim();
  const chars = [...text];
  let output = '';
  let index = 0;
  while (index < chars.length) {
    let matched = 0;
    for (let size = 1; index + size * 2 <= chars.length; size += 1) {
      const first = chars.slice(index, index + size).join('');
      const second = chars.slice(index + size, index + size * 2).join('');
      if (first === second) {
        matched = size;
        break;
      }
    }
    if (matched === 0) return line;
    output += chars.slice(index, index + matched).join('');
    index += matched * 2;
  }
  return chars.length >= 4 ? output : line;
}
