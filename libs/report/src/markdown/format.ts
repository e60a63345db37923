import type { Spread } from '../statistics';

/** A metric as the paper prints it: ".01055" (5 decimals, no leading zero). */
export function metric(v: number): string {
  const s = Math.abs(v).toFixed(5).replace(/^0\./, '.');
  return v < 0 && s !== '.00000' ? `−${s}` : s;
}

export function spread(s: Spread | null | undefined): string {
  if (!s) return '—';
  return s.sd === null ? metric(s.mean) : `${metric(s.mean)} ± ${metric(s.sd)}`;
}

export function delta(v: number): string {
  return v > 0 ? `+${metric(v)}` : metric(v);
}

export function pValue(p: number): string {
  if (p < 0.001) return 'p < .001';
  return `p = ${p.toFixed(3).replace(/^0\./, '.')}`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '—';
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
