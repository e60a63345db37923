import type { RunStrategy } from '@alkdrec/contracts';
import { alkdrecDistribution, radBcDistribution } from '@alkdrec/selection';

/** At most this many points go on the wire: a chart is a few hundred pixels wide. */
export const MAX_CURVE_POINTS = 1000;

/**
 * p* over difficulty rank at a strategy's first draw (pool of `poolSize`), as the selection library
 * computes it for the draw — the same function, default options, as the report's figure. Uniform
 * for `random`; null where no probability is involved (easiest, hardest take ranks in order; tr
 * takes everything). Long pools are reduced to buckets of ranks, each its highest p* (the curve's
 * peaks survive).
 */
export function pStarCurve(strategy: RunStrategy, poolSize: number | null): { kStar: number | null; points: [number, number][] } | null {
  if (poolSize === null || poolSize < 1) return null;
  let kStar: number | null = null;
  let probabilities: Float64Array;
  if (strategy === 'alkdrec' || strategy === 'rad-bc') {
    const distribution = strategy === 'alkdrec' ? alkdrecDistribution(poolSize) : radBcDistribution(poolSize);
    kStar = distribution.kStar;
    probabilities = distribution.probabilities;
  } else if (strategy === 'random') {
    probabilities = new Float64Array(poolSize).fill(1 / poolSize);
  } else {
    return null;
  }
  const step = Math.max(1, Math.ceil(poolSize / MAX_CURVE_POINTS));
  const points: [number, number][] = [];
  for (let start = 0; start < poolSize; start += step) {
    let peak = 0;
    for (let r = start; r < Math.min(poolSize, start + step); r++) peak = Math.max(peak, probabilities[r] as number);
    points.push([start + 1, peak]);
  }
  return { kStar, points };
}
