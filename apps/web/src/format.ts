/** Numbers and times as the tables show them. */

export function metric(value: number | null | undefined, digits = 4): string {
  return value === null || value === undefined ? '—' : value.toFixed(digits);
}

export function usd(value: number): string {
  return value === 0 ? '$0' : value < 0.01 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Wall time of something that started at `from` and ended at `to` (or is still going: now). */
export function wall(from: string, to: string | null, now = Date.now()): number {
  return (to === null ? now : Date.parse(to)) - Date.parse(from);
}

export function when(iso: string | null): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}
