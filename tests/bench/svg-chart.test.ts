import { describe, expect, it } from 'vitest';
import { formatTick, logLogChart } from '../../src/bench/svg-chart.ts';

describe('logLogChart', () => {
  it('draws one line per series with points on log axes and an escaped legend', () => {
    const svg = logLogChart({
      title: 'Latency <by> size',
      xLabel: 'chunks',
      yLabel: 'ms',
      series: [
        {
          name: 'HNSW & friends',
          color: '#123456',
          points: [
            { x: 1000, y: 0.1 },
            { x: 100_000, y: 1 },
          ],
        },
        {
          name: 'exact',
          color: '#654321',
          dashed: true,
          points: [
            { x: 1000, y: 1 },
            { x: 100_000, y: 100 },
          ],
        },
      ],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(svg).toContain('HNSW &amp; friends');
    expect(svg).toContain('Latency &lt;by&gt; size');
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('>100k<');
  });

  it('copes with one size and drops points that a log scale cannot show', () => {
    const svg = logLogChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      series: [
        {
          name: 'a',
          color: '#000',
          points: [
            { x: 300, y: 0 },
            { x: 300, y: 2 },
          ],
        },
      ],
    });
    expect(svg.match(/<circle /g)).toHaveLength(1);
    expect(svg).not.toContain('NaN');
    expect(svg).not.toContain('Infinity');
  });
});

describe('formatTick', () => {
  it('writes thousands and millions short', () => {
    expect(formatTick(1000)).toBe('1k');
    expect(formatTick(1_000_000)).toBe('1M');
    expect(formatTick(0.01)).toBe('0.01');
    expect(formatTick(10)).toBe('10');
  });
});
