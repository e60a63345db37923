import { tf, type Scalar, type Tensor2D, type Tensor3D } from '../tf';
import { matMul } from '../ops/mat-mul';

/**
 * Binary cross-entropy against uniformly sampled negatives drawn per session (the reference's
 * AttMix on MovieLens, REFERENCE §2: `uniform_negative_sample(targets, n)` draws [B, n]):
 * −mean_b log σ(⟨u_b, p_b⟩) − mean_{b,j} log(1 − σ(⟨u_b, n_bj⟩)), each session scored against its
 * own n negatives only ([B, n, d]). Written with softplus (log σ's gradient crashes on wasm):
 * −log σ(x) = softplus(−x), −log(1 − σ(x)) = softplus(x).
 */
export function uniformBce(u: Tensor2D, positives: Tensor2D, negatives: Tensor3D): Scalar {
  const [batch, perSession] = negatives.shape;
  const pos = tf.sum(tf.mul(u, positives), 1);
  // [B, n, d] · [B, d, 1]: a batched product whose gradients are reshapes and small products
  // (profiled against gather + elementwise product + sum, whose Sum gradient fills [B, n, d] in JS).
  const neg = perSession === 1
    ? tf.sum(tf.mul(u, tf.reshape(negatives, [batch, -1])), 1)
    : matMul(negatives, tf.reshape(u, [batch, -1, 1]));
  return tf.add(tf.mean(tf.softplus(tf.neg(pos))), tf.mean(tf.softplus(neg))) as Scalar;
}
