import { el, legend, line, linearScale, niceTicks, svgDocument, text, xAxis, yAxis } from '../svg/svg-kit';

export interface PStarFigureData {
  title: string;
  /** p*_r for r = 1..N at the first draw (pool of N). */
  probabilities: Float64Array;
  kStar: number;
  /** The drawn sessions: difficulty rank and p* at their draw (the pool shrinks as sessions are drawn). */
  drawn: readonly { rank: number; probability: number }[];
}

const sci = (v: number) => (v === 0 ? '0' : v.toExponential(1).replace('e-', 'e−'));

/**
 * Figure (c, second part): p* over difficulty rank for one ALKDRec run — the policy's curve for
 * the initial pool, the drawn sessions as open circles at (rank, p* at their draw) and as a rug
 * under the axis.
 */
export function pStarFigure(data: PStarFigureData): string {
  const box = { x: 90, y: 70, width: 560, height: 240 };
  const n = data.probabilities.length;
  const x = linearScale([1, Math.max(2, n)], [box.x, box.x + box.width]);
  let max = 0;
  for (const p of data.probabilities) max = Math.max(max, p);
  for (const d of data.drawn) max = Math.max(max, d.probability);
  const y = linearScale([0, max * 1.1 || 1], [box.y + box.height, box.y]);
  // At most one vertex per pixel column (the curve is smooth): max over each column's ranks.
  const step = Math.max(1, Math.floor(n / box.width));
  const vertices: string[] = [];
  for (let start = 0; start < n; start += step) {
    let peak = 0;
    for (let r = start; r < Math.min(n, start + step); r++) peak = Math.max(peak, data.probabilities[r]!);
    vertices.push(`${x(start + 1).toFixed(1)},${y(peak).toFixed(1)}`);
  }
  const parts = [
    yAxis(box, y, 'p* (probability of a draw)', sci),
    xAxis(box, x, niceTicks(1, n, 6).filter((t) => t >= 1), `difficulty rank in the pool (1 = hardest; N = ${n})`, (v) => String(v)),
    el('polyline', { points: vertices.join(' '), fill: 'none', stroke: '#000', 'stroke-width': 1.5, 'data-series': 'p*' }),
    line(x(data.kStar), box.y, x(data.kStar), box.y + box.height, { 'stroke-dasharray': '4 3' }),
    text(x(data.kStar) - 4, box.y + 12, `k* = ${data.kStar}`, { 'text-anchor': 'end', 'font-size': 10 }),
  ];
  for (const d of data.drawn) {
    parts.push(el('circle', { cx: x(d.rank), cy: y(d.probability), r: 3, fill: 'none', stroke: '#000', 'data-series': 'drawn', 'data-rank': d.rank }));
    parts.push(line(x(d.rank), box.y + box.height - 8, x(d.rank), box.y + box.height));
  }
  const entries = [
    { swatch: line(-4, 0, 14, 0, { 'stroke-width': 1.5 }), label: 'p* for the initial pool' },
    { swatch: el('circle', { cx: 5, cy: 0, r: 3, fill: 'none', stroke: '#000' }), label: `drawn sessions (${data.drawn.length}), at p* of their draw` },
    { swatch: line(-4, 0, 14, 0, { 'stroke-dasharray': '4 3' }), label: 'k*' },
  ];
  return svgDocument({ width: box.x + box.width + 30, height: box.y + box.height + 50, title: data.title, body: legend(20, 42, entries) + parts.join('') });
}
