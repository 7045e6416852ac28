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
  return splitCaptions(lines).lines;
}

/**
 * The lines without their photo captions, and the captions that state a dated event ("2020年9月28日，再鼎医药（苏州）
 * 有限公司在港交所挂牌上市"), each joined into one line without its credit, in document order. A caption is a fact
 * of the document like any other (when a company listed, when a centre was unveiled); a bare label
 * ("苏州国际科技园七期人工智能产业园") states none and is left out.
 */
export function splitCaptions(lines: string[]): { lines: string[]; captions: string[] } {
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
  const captions: string[] = [];
  let current: string[] = [];
  const close = () => {
    const caption = current
      .join('')
      .replace(creditPattern, '')
      .replace(/[\s\uFFFD]+/g, ' ')
      .trim();
    if (startsWithDate.test(caption)) captions.push(caption.replace(/\s*([，,、])\s*/g, '$1'));
    current = [];
  };
  [...drop]
    .sort((left, right) => left - right)
    .forEach((index, position, sorted) => {
      // Consecutive dropped lines (blank lines between them aside) are one caption; its credit line closes it.
      const previous = sorted[position - 1];
      if (previous !== undefined && lines.slice(previous + 1, index).some((line) => line.trim() !== '')) close();
      current.push((lines[index] ?? '').trim());
      if (creditPattern.test(lines[index] ?? '')) close();
    });
  close();
  return { lines: lines.filter((_, index) => !drop.has(index)), captions };
}
