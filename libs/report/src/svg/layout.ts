import type { PanelBox } from './svg-kit';

export interface GridLayout {
  width: number;
  height: number;
  boxes: PanelBox[];
}

/**
 * Panels in rows of `columns`, each with room around its plotting box for the y axis (left), a
 * panel title (top) and x labels (bottom); `top` leaves room for the figure's title and legend.
 */
export function panelGrid(count: number, columns: number, plot: { width: number; height: number }, margins = { left: 70, right: 20, top: 34, bottom: 70 }, top = 60): GridLayout {
  const cols = Math.max(1, Math.min(columns, count));
  const rows = Math.max(1, Math.ceil(count / cols));
  const cellWidth = margins.left + plot.width + margins.right;
  const cellHeight = margins.top + plot.height + margins.bottom;
  const boxes = Array.from({ length: count }, (_, i) => ({
    x: (i % cols) * cellWidth + margins.left,
    y: top + Math.floor(i / cols) * cellHeight + margins.top,
    width: plot.width,
    height: plot.height,
  }));
  return { width: cols * cellWidth, height: top + rows * cellHeight, boxes };
}
