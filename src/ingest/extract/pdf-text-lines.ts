/** One text run as the PDF draws it, in page coordinates with y growing downwards. */
export interface PositionedText {
  text: string;
  /** Left end and width of the run, in points. */
  x: number;
  width: number;
  /** The baseline, from the top of the page. */
  y: number;
  /** Font size in points (the text matrix's vertical scale). */
  size: number;
  /** The font's name without a subset prefix (`ABCDEF+SimSun` → `SimSun`). */
  font: string;
  bold: boolean;
}

/** A line of text in reading order, with what the layout rules need to know about it. */
export interface PdfLine {
  text: string;
  x0: number;
  x1: number;
  y: number;
  /** The size most of its characters are set in. */
  size: number;
  /** Characters per font, and how many are bold: headings are told by size, weight or typeface. */
  fontChars: Record<string, number>;
  boldChars: number;
  /** Left and right edges of the column the line sits in (indents and short lines are measured against them). */
  columnX0: number;
  columnX1: number;
}

interface Fragment {
  runs: PositionedText[];
  x0: number;
  x1: number;
  y: number;
  size: number;
  /** Vertical extent of the glyphs, from the top of the page: roughly ascender to descender. */
  top: number;
  bottom: number;
}

const han = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
const charCount = (text: string) => [...text.replace(/\s/g, '')].length;

/** Concatenates runs left to right, with a space where the gap is a word space between non-Chinese text. */
function joinRuns(runs: PositionedText[]): string {
  let text = '';
  let previous: PositionedText | undefined;
  for (const run of runs) {
    if (previous !== undefined) {
      const gap = run.x - (previous.x + previous.width);
      const a = text.at(-1) ?? '';
      const b = run.text[0] ?? '';
      const spaced = /\s/.test(a) || /\s/.test(b);
      const chinese = han.test(a) && han.test(b);
      if (!spaced && gap > 0.15 * Math.min(run.size, previous.size) && (!chinese || gap > 1.5 * run.size)) text += ' ';
    }
    text += run.text;
    previous = run;
  }
  return text;
}

/** Runs on one baseline: the tolerance lets a slightly raised run (a bracket, another font) stay on its line. */
function rowsOf(runs: PositionedText[]): PositionedText[][] {
  const sorted = [...runs].sort((a, b) => a.y - b.y || a.x - b.x);
  const rows: PositionedText[][] = [];
  let row: PositionedText[] = [];
  for (const run of sorted) {
    const first = row[0];
    if (first !== undefined && Math.abs(run.y - first.y) > 0.3 * Math.min(run.size, first.size)) {
      rows.push(row);
      row = [];
    }
    row.push(run);
  }
  if (row.length > 0) rows.push(row);
  return rows.map((r) => r.sort((a, b) => a.x - b.x));
}

/**
 * Splits each row where the gap is wider than a character: a column gutter or a table cell
 * boundary. Runs drawn twice at (almost) the same place are one run in fake bold.
 */
function fragmentsOf(runs: PositionedText[]): Fragment[] {
  const fragments: Fragment[] = [];
  for (const row of rowsOf(runs)) {
    let current: PositionedText[] = [];
    const close = () => {
      if (current.length === 0) return;
      const x0 = Math.min(...current.map((run) => run.x));
      const x1 = Math.max(...current.map((run) => run.x + run.width));
      const size = Math.max(...current.map((run) => run.size));
      const y = current[0]?.y ?? 0;
      fragments.push({ runs: current, x0, x1, y, size, top: y - 0.75 * size, bottom: y + 0.15 * size });
      current = [];
    };
    for (const run of row) {
      const previous = current.at(-1);
      if (previous !== undefined && previous.text === run.text && Math.abs(previous.x - run.x) < 0.2 * run.size) {
        previous.bold = true;
        continue;
      }
      if (previous !== undefined && run.x - (previous.x + previous.width) > Math.max(run.size, previous.size)) close();
      current.push(run);
    }
    close();
  }
  return fragments;
}

/** Empty vertical strips at least `minWidth` wide with text on both sides: column gutters. */
function gutters(fragments: Fragment[], minWidth: number): Array<[number, number]> {
  const spans = fragments.map((f) => [f.x0, f.x1] as const).sort((a, b) => a[0] - b[0]);
  const found: Array<[number, number]> = [];
  let reach = spans[0]?.[1] ?? 0;
  for (const [x0, x1] of spans.slice(1)) {
    if (x0 - reach >= minWidth) found.push([reach, x0]);
    reach = Math.max(reach, x1);
  }
  return found;
}

/** Fragments that overlap vertically, top to bottom: a band of the page a horizontal cut cannot split. */
function bandsOf(fragments: Fragment[]): Fragment[][] {
  const sorted = [...fragments].sort((a, b) => a.top - b.top);
  const bands: Fragment[][] = [];
  let band: Fragment[] = [];
  let bottom = Number.NEGATIVE_INFINITY;
  for (const fragment of sorted) {
    if (band.length > 0 && fragment.top >= bottom) {
      bands.push(band);
      band = [];
    }
    band.push(fragment);
    bottom = band.length === 1 ? fragment.bottom : Math.max(bottom, fragment.bottom);
  }
  if (band.length > 0) bands.push(band);
  return bands;
}

/**
 * Reading order by a recursive X-Y cut. Bands are stacked top to bottom; consecutive bands that share
 * a column gutter form one region, split into columns read left to right (each column again cut the
 * same way). So a full-width title above two columns is read first, then the left column, then the
 * right, even when the columns' lines share baselines.
 */
function columnsInOrder(fragments: Fragment[], minGutter: number, depth: number): Fragment[][] {
  if (depth > 4 || fragments.length < 2) return [fragments];
  const regions: Fragment[][] = [];
  let region: Fragment[] = [];
  let regionHasGutter = false;
  for (const band of bandsOf(fragments)) {
    const bandHasGutter = gutters(band, minGutter).length > 0;
    if (region.length === 0) {
      region = band;
      regionHasGutter = bandHasGutter;
      continue;
    }
    const combined = [...region, ...band];
    const combinedHasGutter = gutters(combined, minGutter).length > 0;
    if (combinedHasGutter || (!regionHasGutter && !bandHasGutter)) {
      region = combined;
      regionHasGutter = combinedHasGutter;
    } else {
      regions.push(region);
      region = band;
      regionHasGutter = bandHasGutter;
    }
  }
  if (region.length > 0) regions.push(region);
  return regions.flatMap((part) => {
    const cuts = gutters(part, minGutter);
    if (cuts.length === 0) return [part];
    const columns: Fragment[][] = cuts.map(() => []);
    columns.push([]);
    for (const fragment of part) {
      const index = cuts.findIndex(([start]) => fragment.x1 <= start + 0.01);
      columns[index === -1 ? cuts.length : index]?.push(fragment);
    }
    return columns.filter((column) => column.length > 0).flatMap((column) => columnsInOrder(column, minGutter, depth + 1));
  });
}

/** The size most characters are set in (ties: the larger). */
export function dominantSize(items: Array<{ size: number; chars: number }>): number {
  const bySize = new Map<number, number>();
  for (const { size, chars } of items) {
    const key = Math.round(size * 2) / 2;
    bySize.set(key, (bySize.get(key) ?? 0) + chars);
  }
  let best = 0;
  let bestChars = -1;
  for (const [size, chars] of bySize) {
    if (chars > bestChars || (chars === bestChars && size > best)) {
      best = size;
      bestChars = chars;
    }
  }
  return best;
}

/**
 * A page's text runs as lines in reading order: runs on one baseline form a line, columns are found
 * by the empty strips between them, and each line records its column's edges.
 */
export function pdfTextLines(runs: PositionedText[]): PdfLine[] {
  const visible = runs.filter((run) => run.text.trim() !== '' && run.size > 0);
  if (visible.length === 0) return [];
  const bodySize = dominantSize(visible.map((run) => ({ size: run.size, chars: charCount(run.text) })));
  const lines: PdfLine[] = [];
  for (const column of columnsInOrder(fragmentsOf(visible), bodySize, 0)) {
    const columnX0 = Math.min(...column.map((f) => f.x0));
    const columnX1 = Math.max(...column.map((f) => f.x1));
    for (const row of rowsOf(column.flatMap((f) => f.runs))) {
      const text = joinRuns(row).trim();
      if (text === '') continue;
      const fontChars: Record<string, number> = {};
      let boldChars = 0;
      for (const run of row) {
        const chars = charCount(run.text);
        fontChars[run.font] = (fontChars[run.font] ?? 0) + chars;
        if (run.bold) boldChars += chars;
      }
      lines.push({
        text,
        x0: Math.min(...row.map((run) => run.x)),
        x1: Math.max(...row.map((run) => run.x + run.width)),
        y: row[0]?.y ?? 0,
        size: dominantSize(row.map((run) => ({ size: run.size, chars: charCount(run.text) }))),
        fontChars,
        boldChars,
        columnX0,
        columnX1,
      });
    }
  }
  return lines;
}
