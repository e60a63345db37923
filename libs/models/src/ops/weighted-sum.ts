import { tf, type Tensor, type Tensor2D, type Tensor3D } from '../tf';

type WeightedSumOp = (x: Tensor3D, weights: Tensor3D) => Tensor2D;

/**
 * Σₗ w[b, l]·x[b, l, :] → [B, d], for x [B, L, d] and w [B, L, 1]: pooling a session's item vectors.
 * Same values as `tf.sum(tf.mul(x, w), 1)` and the same gradients, without what tfjs's Sum gradient
 * does: it builds a ones tensor of x's shape in JavaScript on every step (a million floats at
 * d = 100: filled, uploaded and multiplied) where a broadcast product suffices.
 */
export function weightedSum(x: Tensor3D, weights: Tensor3D): Tensor2D {
  return withWeightGradient(x, weights);
}

/** weightedSum with weights that take no gradient (the padding mask): their gradient is not computed. */
export function maskedSum(x: Tensor3D, mask: Tensor3D): Tensor2D {
  return withoutWeightGradient(x, mask);
}

function makeOp(weightsNeedGradient: boolean): WeightedSumOp {
  return tf.customGrad((...args: unknown[]) => {
    const [x, weights, save] = args as [Tensor3D, Tensor3D, (ts: Tensor[]) => void];
    save([x, weights]);
    return {
      value: tf.sum(tf.mul(x, weights), 1),
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
        const [sx, sw] = saved as [Tensor3D, Tensor3D];
        const spread = tf.expandDims(dy as Tensor2D, 1); // [B, 1, d]
        return [tf.mul(spread, sw), weightsNeedGradient ? tf.sum(tf.mul(sx, spread), 2, true) : tf.zerosLike(sw)];
      },
    };
  }) as unknown as WeightedSumOp;
}

const withWeightGradient = makeOp(true);
const withoutWeightGradient = makeOp(false);
