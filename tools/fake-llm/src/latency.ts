import { createRng } from '@alkdrec/recsys';

/**
 * How long the simulated model "thinks" before an answer is sent.
 * A number is a fixed delay; `uniform` draws from [minMs, maxMs]; `normal` draws from
 * N(meanMs, stdMs²) clamped at 0 (the paper measured ~5.3 s per GPT-4 call on average).
 */
export type LatencySpec =
  | number
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'normal'; meanMs: number; stdMs: number };

export function validateLatency(spec: LatencySpec): LatencySpec {
  const nonNegative = (value: number, name: string): void => {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`latency ${name} must be a finite number ≥ 0, got ${value}`);
  };
  if (typeof spec === 'number') nonNegative(spec, 'ms');
  else if (spec.kind === 'uniform') {
    nonNegative(spec.minMs, 'min');
    nonNegative(spec.maxMs, 'max');
    if (spec.maxMs < spec.minMs) throw new RangeError(`latency uniform max ${spec.maxMs} < min ${spec.minMs}`);
  } else {
    nonNegative(spec.meanMs, 'mean');
    nonNegative(spec.stdMs, 'std');
  }
  return spec;
}

/** One delay in whole milliseconds, drawn from a generator seeded by the caller (see seedFrom). */
export function sampleLatencyMs(spec: LatencySpec, seed: number): number {
  if (typeof spec === 'number') return Math.round(spec);
  const rng = createRng(seed);
  if (spec.kind === 'uniform') return Math.round(spec.minMs + rng.next() * (spec.maxMs - spec.minMs));
  return Math.max(0, Math.round(rng.normal(spec.meanMs, spec.stdMs)));
}

/** CLI form: `5300`, `uniform:4000:6000` or `normal:5300:800`. */
export function parseLatencySpec(text: string): LatencySpec {
  const parts = text.split(':');
  const numbers = parts.slice(1).map(Number);
  const [a, b] = numbers;
  if (parts.length === 1) return validateLatency(Number(text.trim() === '' ? NaN : text));
  if (parts.length === 3 && a !== undefined && b !== undefined) {
    if (parts[0] === 'uniform') return validateLatency({ kind: 'uniform', minMs: a, maxMs: b });
    if (parts[0] === 'normal') return validateLatency({ kind: 'normal', meanMs: a, stdMs: b });
  }
  throw new RangeError(`latency ${JSON.stringify(text)}: expected MS, uniform:MIN:MAX or normal:MEAN:STD`);
}

export function describeLatency(spec: LatencySpec): string {
  if (typeof spec === 'number') return `${spec} ms`;
  return spec.kind === 'uniform' ? `uniform ${spec.minMs}–${spec.maxMs} ms` : `normal ${spec.meanMs} ± ${spec.stdMs} ms`;
}
