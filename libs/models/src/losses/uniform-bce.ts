import { tf, type Scalar, type Tensor2D } from '../tf';
import { matMul } from '../ops/mat-mul';

/**
 * Binary cross-entropy against uniformly sampled negatives (the reference's AttMix on MovieLens,
 * REFERENCE §2): −mean log σ(⟨u, p⟩) − mean log(1 − σ(⟨u, n⟩)) over the batch's sampled negatives,
 * shared by all sessions of the batch. Written with softplus (log σ's gradient crashes on wasm):
 * −log σ(x) = softplus(−x), −log(1 − σ(x)) = softplus(x).
 */
export function uniformBce(u: Tensor2D, positives: Tensor2D, negatives: Tensor2D): Scalar {
  const pos = tf.sum(tf.mul(u, positives), 1);
  const neg = matMul(u, tf.transpose(negatives));
  return tf.add(tf.mean(tf.softplus(tf.neg(pos))), tf.mean(tf.softplus(neg))) as Scalar;
}
