import type { ExperimentVariant } from '@alkdrec/contracts';
import type { Spread } from '../statistics';
import { panelGrid } from '../svg/layout';
import { el, errorBar, esc, fillOf, legend, linearScale, metricTick, svgDocument, text, upperBound, yAxis } from '../svg/svg-kit';

export interface BarPanel {
  title: string;
  bars: readonly { variant: ExperimentVariant; variantIndex: number; recall10: Spread | null; paper: number | undefined }[];
}

/** Figure (a): R@10 per variant, mean with ± sd error bars, the paper's number as an open diamond. */
export function recallBarsFigure(title: string, panels: readonly BarPanel[]): string {
  const barCount = Math.max(1, ...panels.map((p) => p.bars.length));
  const layout = panelGrid(panels.length, 3, { width: Math.max(200, barCount * 34), height: 200 });
  const body = panels.map((panel, i) => {
    const box = layout.boxes[i]!;
    const values = panel.bars.flatMap((b) => [b.recall10 ? b.recall10.mean + (b.recall10.sd ?? 0) : 0, b.paper ?? 0]);
    const y = linearScale([0, upperBound(values)], [box.y + box.height, box.y]);
    const slot = box.width / Math.max(1, panel.bars.length);
    const parts = [text(box.x + box.width / 2, box.y - 10, panel.title, { 'text-anchor': 'middle', 'font-weight': 'bold' }), yAxis(box, y, 'R@10', metricTick)];
    panel.bars.forEach((bar, j) => {
      const cx = box.x + slot * (j + 0.5);
      const bottom = box.y + box.height;
      const label = `<text x="${cx.toFixed(1)}" y="${bottom + 12}" font-size="10" text-anchor="end" transform="rotate(-40 ${cx.toFixed(1)} ${bottom + 12})">${esc(bar.variant)}</text>`;
      parts.push(label);
      if (bar.recall10) {
        const top = y(bar.recall10.mean);
        parts.push(el('rect', { x: cx - slot * 0.35, y: top, width: slot * 0.7, height: bottom - top, fill: fillOf(bar.variantIndex), stroke: '#000', 'data-series': bar.variant, 'data-mean': bar.recall10.mean.toPrecision(6) }));
        if (bar.recall10.sd !== null) parts.push(errorBar(cx, y(Math.max(0, bar.recall10.mean - bar.recall10.sd)), y(bar.recall10.mean + bar.recall10.sd)));
        parts.push(text(cx, top - (bar.recall10.sd === null ? 3 : 3 + (y(0) - y(bar.recall10.sd))), `n=${bar.recall10.n}`, { 'text-anchor': 'middle', 'font-size': 8 }));
      } else {
        parts.push(text(cx, bottom - 4, '—', { 'text-anchor': 'middle' }));
      }
      if (bar.paper !== undefined) parts.push(diamond(cx, y(bar.paper)));
    });
    return `<g>${parts.join('')}</g>`;
  });
  const legendRow = legend(20, 42, [
    { swatch: diamond(6, 0), label: "paper's R@10" },
    { swatch: errorBar(6, 6, -6), label: '± sd over seeds' },
    { swatch: text(0, 4, '—'), label: 'not done yet' },
  ]);
  return svgDocument({ width: layout.width, height: layout.height, title, body: legendRow + body.join('') });
}

function diamond(x: number, y: number): string {
  return el('path', { d: `M${x.toFixed(1)},${(y - 5).toFixed(1)} l5,5 l-5,5 l-5,-5 Z`, fill: '#fff', stroke: '#000', 'stroke-width': 1.3, 'data-series': 'paper' });
}

