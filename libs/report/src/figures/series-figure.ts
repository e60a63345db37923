import type { Spread } from '../statistics';
import { panelGrid } from '../svg/layout';
import { dashOf, el, errorBar, legend, line, linearScale, marker, metricTick, niceTicks, svgDocument, text, upperBound, xAxis, yAxis } from '../svg/svg-kit';

export interface SeriesPoint {
  x: number;
  y: Spread;
}

export interface Series {
  name: string;
  points: readonly SeriesPoint[];
}

export interface SeriesPanel {
  title: string;
  series: readonly Series[];
}

export interface SeriesFigureOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  xFormat: (v: number) => string;
  /** Tick at each x that occurs (budgets) rather than round numbers (costs). */
  ticksAtData?: boolean;
  /** Join a series' points with a line (the budget curve) or not (a scatter). */
  connect: boolean;
  /** Shift each series a few pixels sideways so points at the same x (same cost) stay visible. */
  dodge?: boolean;
}

/**
 * Mean ± sd points per series over a numeric x, one panel per dataset × backbone; series differ by
 * marker shape and dash (grayscale-safe). Used by the budget curve (b) and the cost figure (d).
 */
export function seriesFigure(panels: readonly SeriesPanel[], options: SeriesFigureOptions): string {
  const names = [...new Set(panels.flatMap((p) => p.series.map((s) => s.name)))];
  const layout = panelGrid(panels.length, 3, { width: 300, height: 200 });
  const body = panels.map((panel, i) => {
    const box = layout.boxes[i]!;
    const points = panel.series.flatMap((s) => s.points);
    const xs = points.map((p) => p.x);
    const xMax = Math.max(0, ...xs);
    const xMin = options.ticksAtData ? Math.min(...xs, xMax) : 0;
    const pad = (xMax - xMin) * 0.06 || 1;
    const x = linearScale([xMin - pad, xMax + pad], [box.x, box.x + box.width]);
    const y = linearScale([0, upperBound(points.map((p) => p.y.mean + (p.y.sd ?? 0)))], [box.y + box.height, box.y]);
    const ticks = options.ticksAtData ? [...new Set(xs)].sort((a, b) => a - b) : niceTicks(0, xMax + pad, 4).filter((t) => t <= xMax + pad);
    const parts = [text(box.x + box.width / 2, box.y - 10, panel.title, { 'text-anchor': 'middle', 'font-weight': 'bold' }), yAxis(box, y, options.yLabel, metricTick), xAxis(box, x, ticks, options.xLabel, options.xFormat)];
    if (points.length === 0) parts.push(text(box.x + box.width / 2, box.y + box.height / 2, 'no finished runs yet', { 'text-anchor': 'middle' }));
    for (const series of panel.series) {
      const index = names.indexOf(series.name);
      const shift = options.dodge ? (index - (names.length - 1) / 2) * 5 : 0;
      const px = (v: number) => x(v) + shift;
      const sorted = [...series.points].sort((a, b) => a.x - b.x);
      if (options.connect && sorted.length > 1) {
        parts.push(el('polyline', { points: sorted.map((p) => `${px(p.x).toFixed(1)},${y(p.y.mean).toFixed(1)}`).join(' '), fill: 'none', stroke: '#000', 'stroke-width': 1.3, 'stroke-dasharray': dashOf(index), 'data-series': series.name }));
      }
      for (const p of sorted) {
        if (p.y.sd !== null) parts.push(errorBar(px(p.x), y(Math.max(0, p.y.mean - p.y.sd)), y(p.y.mean + p.y.sd), 3));
        parts.push(`<g data-series="${series.name}" data-x="${p.x}" data-mean="${p.y.mean.toPrecision(6)}">${marker(index, px(p.x), y(p.y.mean))}</g>`);
      }
    }
    return `<g>${parts.join('')}</g>`;
  });
  const entries = names.map((name, index) => ({ swatch: (options.connect ? line(-4, 0, 14, 0, { 'stroke-dasharray': dashOf(index) }) : '') + marker(index, 5, 0), label: name }));
  entries.push({ swatch: errorBar(5, 6, -6, 3), label: '± sd over seeds' });
  return svgDocument({ width: layout.width, height: layout.height, title: options.title, body: legend(20, 42, entries) + body.join('') });
}
