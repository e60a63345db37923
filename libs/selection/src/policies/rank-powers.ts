/**
 * (r / nMax)^μ for r = 0..nMax. The inverse gains 1/g(r) = r^μ reach ~6.5e40 at r = 12,054 with
 * μ = 10; dividing by nMax^μ keeps every value in [0, 1]. Γ's argmax and the normalised p* are
 * unchanged by a positive constant factor on 1/a_r, so nothing downstream needs the true scale.
 * One table serves every recomputation of a draw sequence: the pool only shrinks.
 */
export function rankPowers(nMax: number, mu: number): Float64Array {
  const powers = new Float64Array(nMax + 1);
  for (let r = 1; r <= nMax; r++) powers[r] = Math.pow(r / nMax, mu);
  return powers;
}
