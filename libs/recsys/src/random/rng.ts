/**
 * A small seeded generator (splitmix32 seeding a xoshiro128** state). Every random choice in
 * training and selection goes through one of these, so a seed makes a run repeat exactly.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Normal(mean, std) by Box–Muller. */
  normal(mean?: number, std?: number): number;
  /** A derived, independent generator (for a sub-task that must not shift this one's stream). */
  fork(label: number): Rng;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRng(seed: number): Rng {
  const init = splitmix32(seed);
  let a = init(), b = init(), c = init(), d = init();
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
    d = rotl(d, 11);
    return result;
  };
  let spare: number | undefined;
  const rng: Rng = {
    next: () => nextU32() / 4294967296,
    int: (n) => Math.floor((nextU32() / 4294967296) * n),
    normal: (mean = 0, std = 1) => {
      if (spare !== undefined) {
        const z = spare;
        spare = undefined;
        return mean + std * z;
      }
      let u = 0;
      while (u === 0) u = rng.next();
      const v = rng.next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return mean + std * r * Math.cos(2 * Math.PI * v);
    },
    fork: (label) => createRng((nextU32() ^ Math.imul(label + 1, 0x9e3779b1)) >>> 0),
  };
  return rng;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** `k` distinct indices from [0, n), by a partial Fisher–Yates shuffle of `scratch` (reused). */
export function sampleWithoutReplacement(rng: Rng, n: number, k: number, scratch?: Int32Array): Int32Array {
  if (k > n) throw new RangeError(`cannot draw ${k} distinct indices from ${n}`);
  const pool = scratch && scratch.length === n ? scratch : Int32Array.from({ length: n }, (_, i) => i);
  const out = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const tmp = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = tmp;
    out[i] = pool[i] as number;
  }
  return out;
}
