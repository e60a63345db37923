import { panelGrid } from '../svg/layout';
import { el, fillOf, legend, linearScale, svgDocument, text, xAxis } from '../svg/svg-kit';

/** The kinds of a drawn session (REFERENCE §5), plus those the data cannot place. */
export const PICK_KINDS = ['effective', 'similar', 'incorrect', 'LLM right, student unknown', 'no answer'] as const;
export type PickKind = (typeof PICK_KINDS)[number];

export interface AnatomyBar {
  strategy: string;
  counts: Readonly<Record<PickKind, number>>;
}

export interface AnatomyPanel {
  title: string;
  bars: readonly AnatomyBar[];
}

const KIND_FILL: Record<PickKind, string> = {
  effective: fillOf(0),
  similar: fillOf(2),
  incorrect: fillOf(3),
  'LLM right, student unknown': fillOf(7),
  'no answer': fillOf(1),
};

/** Figure (c): per strategy, the shares of its picks by kind, as 100 % stacked horizontal bars. */
export function anatomyFigure(title: string, panels: readonly AnatomyPanel[]): string {
  const rows = Math.max(1, ...panels.map((p) => p.bars.length));
  const layout = panelGrid(panels.length, 2, { width: 320, height: rows * 24 }, { left: 70, right: 60, top: 34, bottom: 50 }, 76);
  const body = panels.map((panel, i) => {
    const box = layout.boxes[i]!;
    const x = linearScale([0, 1], [box.x, box.x + box.width]);
    const parts = [text(box.x + box.width / 2, box.y - 10, panel.title, { 'text-anchor': 'middle', 'font-weight': 'bold' }), xAxis(box, x, [0, 0.25, 0.5, 0.75, 1], 'share of the drawn sessions', (v) => `${Math.round(v * 100)} %`)];
    if (panel.bars.length === 0) parts.push(text(box.x + box.width / 2, box.y + box.height / 2, 'no finished runs yet', { 'text-anchor': 'middle' }));
    panel.bars.forEach((bar, j) => {
      const top = box.y + j * 24 + 3;
      const total = PICK_KINDS.reduce((s, k) => s + bar.counts[k], 0);
      parts.push(text(box.x - 6, top + 13, bar.strategy, { 'text-anchor': 'end' }), text(box.x + box.width + 6, top + 13, `n=${total}`, { 'font-size': 10 }));
      let at = 0;
      for (const kind of PICK_KINDS) {
        const share = total > 0 ? bar.counts[kind] / total : 0;
        if (share > 0) parts.push(el('rect', { x: x(at), y: top, width: x(at + share) - x(at), height: 18, fill: KIND_FILL[kind], stroke: '#000', 'data-series': kind, 'data-strategy': bar.strategy, 'data-share': share.toFixed(4) }));
        at += share;
      }
    });
    return `<g>${parts.join('')}</g>`;
  });
  const swatch = (kind: PickKind) => el('rect', { x: 0, y: -6, width: 12, height: 12, fill: KIND_FILL[kind], stroke: '#000' });
  const legendRows = legend(20, 40, PICK_KINDS.slice(0, 3).map((k) => ({ swatch: swatch(k), label: k }))) + legend(20, 60, PICK_KINDS.slice(3).map((k) => ({ swatch: swatch(k), label: k })));
  return svgDocument({ width: Math.max(layout.width, 560), height: layout.height, title, body: legendRows + body.join('') });
}
