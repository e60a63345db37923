/**
 * Just enough SVG to draw the report's figures by hand (no plotting package): escaped text,
 * fills that stay apart in grayscale (patterns, not colours), markers of distinct shapes, and
 * linear axes with round ticks.
 */

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));

export type Attrs = Record<string, string | number | undefined>;

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? num(v) : esc(v as string)}"`)
    .join('');
}

export const el = (name: string, a: Attrs, children = ''): string => (children === '' ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${children}</${name}>`);

export function text(x: number, y: number, content: string, a: Attrs = {}): string {
  return el('text', { x, y, 'font-size': 11, ...a }, esc(content));
}

export function line(x1: number, y1: number, x2: number, y2: number, a: Attrs = {}): string {
  return el('line', { x1, y1, x2, y2, stroke: '#000', 'stroke-width': 1, ...a });
}

/**
 * Eight fills that differ in grayscale and in texture: solid black, white, light gray, and five
 * hatchings. Referenced as `url(#fill-<i>)` (solid ones as plain colours).
 */
export const FILL_COUNT = 8;

export function fillOf(index: number): string {
  const i = index % FILL_COUNT;
  if (i === 0) return '#222';
  if (i === 1) return '#fff';
  if (i === 2) return '#bbb';
  return `url(#fill-${i})`;
}

function patternDefs(): string {
  const hatch = (id: number, path: string, background: string) =>
    el('pattern', { id: `fill-${id}`, patternUnits: 'userSpaceOnUse', width: 6, height: 6 }, el('rect', { width: 6, height: 6, fill: background }) + el('path', { d: path, stroke: '#000', 'stroke-width': 1 }));
  return [
    hatch(3, 'M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5', '#fff'), // diagonal /
    hatch(4, 'M0,0 L6,6 M-1,5 L1,7 M5,-1 L7,1', '#fff'), // diagonal \
    hatch(5, 'M0,3 L6,3', '#fff'), // horizontal
    hatch(6, 'M3,0 L3,6', '#ddd'), // vertical on gray
    el('pattern', { id: 'fill-7', patternUnits: 'userSpaceOnUse', width: 5, height: 5 }, el('rect', { width: 5, height: 5, fill: '#fff' }) + el('circle', { cx: 2.5, cy: 2.5, r: 1.2, fill: '#000' })), // dots
  ].join('');
}

/** Marker shapes, distinct without colour: filled and open circle, square, triangle, diamond. */
export const MARKER_COUNT = 6;

export function marker(index: number, x: number, y: number, size = 4): string {
  const i = index % MARKER_COUNT;
  const filled = i % 2 === 0;
  const style = { fill: filled ? '#000' : '#fff', stroke: '#000', 'stroke-width': 1.2 };
  const shape = Math.floor(i / 2);
  if (shape === 0) return el('circle', { cx: x, cy: y, r: size, ...style });
  if (shape === 1) return el('rect', { x: x - size, y: y - size, width: 2 * size, height: 2 * size, ...style });
  return el('path', { d: `M${num(x)},${num(y - size - 1)} L${num(x + size + 1)},${num(y + size)} L${num(x - size - 1)},${num(y + size)} Z`, ...style });
}

/** Dash patterns for lines, distinct without colour. */
export function dashOf(index: number): string | undefined {
  return [undefined, '6 3', '2 2', '8 3 2 3'][index % 4];
}

export interface SvgFigure {
  width: number;
  height: number;
  title: string;
  body: string;
}

/** A standalone document: title (also as <title> for screen readers), white background, the fills. */
export function svgDocument(figure: SvgFigure): string {
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${figure.width}" height="${figure.height}" viewBox="0 0 ${figure.width} ${figure.height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    el('title', {}, esc(figure.title)),
    el('defs', {}, patternDefs()),
    el('rect', { width: figure.width, height: figure.height, fill: '#fff' }),
    text(figure.width / 2, 20, figure.title, { 'text-anchor': 'middle', 'font-size': 14, 'font-weight': 'bold' }),
    figure.body,
    '</svg>',
    '',
  ].join('\n');
}

/** A linear map from data to pixels. */
export interface Scale {
  (value: number): number;
  domain: readonly [number, number];
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  const scale = ((v: number) => r0 + ((v - d0) / span) * (r1 - r0)) as Scale;
  scale.domain = domain;
  return scale;
}

/** About `count` round tick values covering [min, max] (steps of 1, 2 or 5 × 10^k). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** The upper end of a value axis starting at 0: the largest value plus 10 %, at least something. */
export function upperBound(values: readonly number[]): number {
  const max = Math.max(0, ...values.filter(Number.isFinite));
  return max > 0 ? max * 1.1 : 1;
}

export interface PanelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A y axis with ticks and grid lines, and its label, at the panel's left edge. */
export function yAxis(box: PanelBox, y: Scale, label: string, format: (v: number) => string): string {
  const parts = [line(box.x, box.y, box.x, box.y + box.height)];
  for (const t of niceTicks(y.domain[0], y.domain[1], 5)) {
    const py = y(t);
    parts.push(line(box.x - 4, py, box.x, py), line(box.x, py, box.x + box.width, py, { stroke: '#ddd' }));
    parts.push(text(box.x - 6, py + 4, format(t), { 'text-anchor': 'end', 'font-size': 10 }));
  }
  const cx = box.x - 48;
  const cy = box.y + box.height / 2;
  parts.push(text(cx, cy, label, { 'text-anchor': 'middle', transform: `rotate(-90 ${num(cx)} ${num(cy)})` }));
  return parts.join('');
}

/** An x axis along the panel's bottom with ticks at the given values and a label under it. */
export function xAxis(box: PanelBox, x: Scale, ticks: readonly number[], label: string, format: (v: number) => string): string {
  const bottom = box.y + box.height;
  const parts = [line(box.x, bottom, box.x + box.width, bottom)];
  for (const t of ticks) {
    const px = x(t);
    parts.push(line(px, bottom, px, bottom + 4), text(px, bottom + 15, format(t), { 'text-anchor': 'middle', 'font-size': 10 }));
  }
  parts.push(text(box.x + box.width / 2, bottom + 32, label, { 'text-anchor': 'middle' }));
  return parts.join('');
}

/** A vertical error bar from low to high at x, with caps. */
export function errorBar(x: number, low: number, high: number, cap = 4): string {
  return line(x, low, x, high) + line(x - cap, low, x + cap, low) + line(x - cap, high, x + cap, high);
}

/** A metric as the paper prints it: ".01055". */
export function metricTick(v: number): string {
  return v === 0 ? '0' : v.toFixed(v < 0.01 ? 4 : 3).replace(/^0\./, '.');
}

/** A row of legend entries (a swatch or a marker, then the label), from x at height y. */
export function legend(x: number, y: number, entries: readonly { swatch: string; label: string }[]): string {
  let at = x;
  return entries
    .map((entry) => {
      const part = `<g transform="translate(${num(at)},${num(y)})">${entry.swatch}${text(18, 4, entry.label)}</g>`;
      at += 28 + entry.label.length * 6.5;
      return part;
    })
    .join('');
}
