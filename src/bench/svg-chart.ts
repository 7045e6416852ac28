export interface ChartSeries {
  name: string;
  color: string;
  dashed?: boolean;
  points: Array<{ x: number; y: number }>;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  width?: number;
  height?: number;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** 1000 → "1k", 0.05 → "0.05". */
export function formatTick(value: number): string {
  if (value >= 1e6) return `${value / 1e6}M`;
  if (value >= 1e3) return `${value / 1e3}k`;
  return String(Number(value.toPrecision(2)));
}

/**
 * A log–log line chart as a standalone SVG (no script, no external fonts): latency against corpus
 * size spans four orders of magnitude on both axes, which only log scales show.
 */
export function logLogChart({ title, xLabel, yLabel, series, width = 820, height = 480 }: ChartOptions): string {
  const plotted = series.filter((line) => line.points.some((point) => point.x > 0 && point.y > 0));
  const points = plotted.flatMap((line) => line.points.filter((point) => point.x > 0 && point.y > 0));
  const legendWidth = 290;
  const margin = { top: 40, right: legendWidth + 20, bottom: 56, left: 70 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const decades = (values: number[]) => {
    let low = Math.floor(Math.log10(Math.min(...values)));
    let high = Math.ceil(Math.log10(Math.max(...values)));
    if (high === low) high += 1;
    if (!Number.isFinite(low) || !Number.isFinite(high)) [low, high] = [0, 1];
    return { low, high };
  };
  const xRange = points.length > 0 ? decades(points.map((point) => point.x)) : { low: 3, high: 5 };
  const yRange = points.length > 0 ? decades(points.map((point) => point.y)) : { low: -2, high: 3 };
  const xOf = (x: number) => margin.left + ((Math.log10(x) - xRange.low) / (xRange.high - xRange.low)) * plotWidth;
  const yOf = (y: number) => margin.top + plotHeight - ((Math.log10(y) - yRange.low) / (yRange.high - yRange.low)) * plotHeight;
  const round = (value: number) => Math.round(value * 10) / 10;

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(`<text x="${margin.left}" y="24" font-size="15" font-weight="bold">${escapeXml(title)}</text>`);
  for (let decade = yRange.low; decade <= yRange.high; decade += 1) {
    const y = round(yOf(10 ** decade));
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${margin.left - 8}" y="${y + 4}" text-anchor="end">${formatTick(10 ** decade)}</text>`);
  }
  for (let decade = xRange.low; decade <= xRange.high; decade += 1) {
    const x = round(xOf(10 ** decade));
    parts.push(`<line x1="${x}" x2="${x}" y1="${margin.top}" y2="${margin.top + plotHeight}" stroke="#ddd"/>`);
    parts.push(`<text x="${x}" y="${margin.top + plotHeight + 18}" text-anchor="middle">${formatTick(10 ** decade)}</text>`);
  }
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#888"/>`);
  parts.push(`<text x="${margin.left + plotWidth / 2}" y="${height - 14}" text-anchor="middle">${escapeXml(xLabel)}</text>`);
  parts.push(`<text transform="translate(18 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`);

  plotted.forEach((line, index) => {
    const visible = line.points.filter((point) => point.x > 0 && point.y > 0).sort((left, right) => left.x - right.x);
    const dash = line.dashed ? ' stroke-dasharray="6 4"' : '';
    const points = visible.map((point) => `${round(xOf(point.x))},${round(yOf(point.y))}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${line.color}" stroke-width="2"${dash} points="${points}"/>`);
    for (const point of visible) {
      const title = `${line.name}: ${formatTick(point.x)} chunks, ${point.y.toPrecision(3)} ms`;
      parts.push(`<circle cx="${round(xOf(point.x))}" cy="${round(yOf(point.y))}" r="3.5" fill="${line.color}"><title>${escapeXml(title)}</title></circle>`);
    }
    const legendY = margin.top + 8 + index * 20;
    const legendX = width - legendWidth;
    parts.push(`<line x1="${legendX}" x2="${legendX + 24}" y1="${legendY}" y2="${legendY}" stroke="${line.color}" stroke-width="2"${dash}/>`);
    parts.push(`<text x="${legendX + 30}" y="${legendY + 4}">${escapeXml(line.name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
