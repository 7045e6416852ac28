const closingOf: Readonly<Record<string, string>> = { '“': '”', '《': '》', '"': '"' };

/**
 * The text without its quotations (“…”, 《…》, "…"): what `/“[^”]*”|《[^》]*》|"[^"]*"/g` removed, in one
 * pass (that pattern scanned to the end from every quotation mark left open).
 */
export function withoutQuotations(text: string): string {
  let kept = '';
  let from = 0;
  // Where each closing mark was last looked for in vain: none comes after, for any later opening.
  const missingAfter: Record<string, number> = {};
  for (let index = 0; index < text.length; index += 1) {
    const closing = closingOf[text[index] as string];
    if (closing === undefined || (missingAfter[closing] ?? Infinity) <= index) continue;
    const end = text.indexOf(closing, index + 1);
    if (end < 0) {
      missingAfter[closing] = index;
      continue;
    }
    kept += text.slice(from, index);
    from = end + 1;
    index = end;
  }
  return kept + text.slice(from);
}
