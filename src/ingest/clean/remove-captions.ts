/** A photo credit closes a caption: `(园区新闻中心 供稿)`, `（科教创新区  供稿）`. */
const creditPattern = /[（(][^（()）]{0,30}供稿\s*[)）]\s*$/;
const startsWithDate = /^\s*\d{4}年\d{1,2}月\d{1,2}日/;

/**
 * Removes photo captions that interrupt the yearbook text. A caption is the line ending in a
 * `供稿)` credit plus, when the credit stands alone or continues an adjacent line (no blank line
 * between, which body text in these files never does), the line(s) before it back to the dated one.
 * The sentence the caption interrupted is re-joined later by `joinBrokenLines`.
 */
export function removeCaptions(lines: string[]): string[] {
  const drop = new Set<number>();
  lines.forEach((line, index) => {
    if (!creditPattern.test(line)) return;
    drop.add(index);
    const creditOnly = line.replace(creditPattern, '').replace(/[\s\uFFFD]/g, '') === '';
    if (creditOnly) {
      // `…签约仪式举行` / blank lines / `(园区新闻中心 供稿)`: the caption text is the previous non-blank line.
      let previous = index - 1;
      while (previous >= 0 && lines[previous]?.trim() === '') previous -= 1;
      if (previous >= 0) drop.add(previous);
      return;
    }
    // `2020年11月24日，…路演中` immediately followed by `心聚合大会举行� （…供稿）`.
    let previous = index - 1;
    while (previous >= 0 && !startsWithDate.test(lines[previous + 1] ?? '') && lines[previous]?.trim() !== '' && index - previous <= 2) {
      drop.add(previous);
      if (startsWithDate.test(lines[previous] ?? '')) break;
      previous -= 1;
    }
  });
  return lines.filter((_, index) => !drop.has(index));
}
