/** LaTeX symbols the PDF conversion left behind in the yearbook (e.g. `$\alpha$`). */
const latexSymbols: Record<string, string> = {
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  kappa: 'κ',
  mu: 'μ',
  pi: 'π',
  sigma: 'σ',
  omega: 'ω',
  times: '×',
  pm: '±',
  geq: '≥',
  leq: '≤',
  ge: '≥',
  le: '≤',
  circ: '°',
};

/**
 * Markdown and OCR debris: `**` bold markers, `#` heading marks, `$\alpha$`, U+FFFD replacement
 * characters, tabs and the print shop's page markers (`内芯_部分5_部分2`).
 */
export function stripMarkup(text: string): string {
  return text
    .replace(/\$\s*\\([a-z]+)\s*\$/g, (whole, name: string) => (Object.hasOwn(latexSymbols, name) ? latexSymbols[name] : undefined) ?? whole)
    .replace(/^[ \t]*内芯_部分\d+_部分\d+[ \t]*$/gm, '')
    .replace(/\*\*/g, '')
    .replace(/^[ \t]*#{1,6}[ \t]*/gm, '')
    .replace(/\uFFFD/g, '')
    .replace(/\t/g, ' ');
}
