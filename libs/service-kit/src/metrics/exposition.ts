/**
 * A strict reader of the Prometheus text format (0.0.4) for tests and tools: every line must be a
 * HELP, TYPE or sample line, every sample must belong to a family declared by a TYPE line (its
 * name, or a histogram's / summary's _bucket, _sum and _count), values must be numbers. Malformed
 * input throws naming the line.
 */

export interface Sample {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}

export interface Exposition {
  /** Family name → type (counter, gauge, histogram, summary, untyped). */
  types: ReadonlyMap<string, string>;
  help: ReadonlyMap<string, string>;
  samples: readonly Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE_LINE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`);
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;
const SUFFIXES: Record<string, readonly string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'] };

export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  const samples: Sample[] = [];
  text.split('\n').forEach((line, index) => {
    const where = `line ${index + 1}`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const comment = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!comment) return; // other comments are allowed
      const [, kind, name, rest] = comment as unknown as [string, string, string, string];
      if (kind === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) throw new Error(`${where}: unknown type "${rest}"`);
        if (types.has(name)) throw new Error(`${where}: a second TYPE for ${name}`);
        types.set(name, rest);
      } else help.set(name, rest);
      return;
    }
    const match = SAMPLE_LINE.exec(line);
    if (!match) throw new Error(`${where}: not a sample line: ${line.slice(0, 200)}`);
    const [, name, rawLabels, rawValue] = match as unknown as [string, string, string | undefined, string];
    const value = parseValue(rawValue, where);
    if (familyOf(name, types) === undefined) throw new Error(`${where}: sample ${name} has no TYPE line`);
    samples.push({ name, labels: parseLabels(rawLabels ?? '', where), value });
  });
  return { types, help, samples };
}

/** The family a sample belongs to, or undefined. */
function familyOf(name: string, types: ReadonlyMap<string, string>): string | undefined {
  if (types.has(name)) return name;
  for (const [family, type] of types) {
    for (const suffix of SUFFIXES[type] ?? []) if (suffix !== '' && name === family + suffix) return family;
  }
  return undefined;
}

function parseValue(raw: string, where: string): number {
  // Prometheus reads these case-insensitively (prom-client writes NaN as "Nan").
  const lower = raw.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  const value = Number(raw);
  if (raw.trim() === '' || Number.isNaN(value)) throw new Error(`${where}: value "${raw}" is not a number`);
  return value;
}

function parseLabels(raw: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < raw.length) {
    const start = LABEL.lastIndex;
    const match = LABEL.exec(raw);
    if (!match) throw new Error(`${where}: malformed labels at "${raw.slice(start, start + 80)}"`);
    const [, key, value] = match as unknown as [string, string, string];
    if (key in labels) throw new Error(`${where}: label ${key} twice`);
    labels[key] = value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

/** Samples named `name` whose labels include every given label. */
export function samplesOf(exposition: Exposition, name: string, labels: Readonly<Record<string, string>> = {}): Sample[] {
  return exposition.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** The sum of the matching samples' values (0 when none match). */
export function sumOf(exposition: Exposition, name: string, labels: Readonly<Record<string, string>> = {}): number {
  return samplesOf(exposition, name, labels).reduce((sum, s) => sum + s.value, 0);
}
