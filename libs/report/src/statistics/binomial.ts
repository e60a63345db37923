/**
 * Exact two-sided p of k successes in n fair coin flips: P(X ≤ min(k, n − k)) + P(X ≥ max(k, n − k)),
 * i.e. twice the smaller tail, capped at 1 (the binomial(n, ½) is symmetric). Summed in logs so
 * large n neither overflows nor underflows before the end.
 */
export function twoSidedBinomialP(k: number, n: number): number {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || k > n) throw new RangeError(`need 0 ≤ k ≤ n integers, got k=${k}, n=${n}`);
  if (n === 0) return 1;
  const low = Math.min(k, n - k);
  // log C(n, i) − n log 2, for i = 0..low, accumulated with log-sum-exp.
  let logTerm = -n * Math.LN2; // i = 0
  let logTail = logTerm;
  for (let i = 1; i <= low; i++) {
    logTerm += Math.log((n - i + 1) / i);
    logTail = logAdd(logTail, logTerm);
  }
  return Math.min(1, 2 * Math.exp(logTail));
}

function logAdd(a: number, b: number): number {
  const hi = Math.max(a, b);
  return hi + Math.log(Math.exp(a - hi) + Math.exp(b - hi));
}
