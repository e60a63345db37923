import { tf, type Scalar, type Tensor2D } from '../tf';

/**
 * BPR with in-batch negatives (REFERENCE §2): −mean over i≠j of log σ(S_ii − S_ij), S = U Pᵀ, i.e.
 * each session's next item against every other next item of the batch (duplicates included, as in
 * the reference).
 *
 * Written with a hand-derived gradient because the autodiff graph of the [B, B] matrix is slow on the
 * wasm backend. With G = σ(S − diag(S)) (diagonal included) and r = rowsum(G), c = 1/(B(B−1)):
 *   ∂L/∂U = c·(G P − r ⊙ P),  ∂L/∂P = c·(Gᵀ U − r ⊙ U)
 * — the diagonal terms cancel, so no [B, B] mask is ever built.
 *
 * The loss value needs a softplus over the [B, B] matrix, which costs as much as the rest of the
 * step; `withValue: false` skips it and returns NaN (the gradient is unaffected). Training asks for
 * the value only on the steps it reports.
 */
export function inBatchBpr(u: Tensor2D, p: Tensor2D, withValue: boolean): Scalar {
  return (withValue ? bprWithValue : bprWithoutValue)(u, p) as Scalar;
}

function makeBpr(withValue: boolean): (u: Tensor2D, p: Tensor2D) => tf.Tensor {
  return tf.customGrad((...args: unknown[]) => {
    const [u, p, save] = args as [Tensor2D, Tensor2D, (ts: tf.Tensor[]) => void];
    const b = u.shape[0];
    // Explicit transposes: wasm's matMul with a transposed operand is 10–30× slower.
    const s = tf.matMul(u, tf.transpose(p));
    const diag = tf.sum(tf.mul(u, p), 1, true);
    const diff = tf.sub(s, diag);
    const g = tf.sigmoid(diff);
    save([u, p, g]);
    const c = 1 / (b * (b - 1));
    const value = withValue
      ? tf.mul(tf.sub(tf.sum(tf.softplus(diff)), b * Math.LN2), c) // the B diagonal terms are softplus(0)
      : tf.scalar(Number.NaN);
    return {
      value,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [su, sp, sg] = saved as [Tensor2D, Tensor2D, Tensor2D];
        const scale = tf.mul(dy as tf.Tensor, c);
        const r = tf.sum(sg, 1, true);
        const du = tf.mul(tf.sub(tf.matMul(sg, sp), tf.mul(r, sp)), scale);
        const dp = tf.mul(tf.sub(tf.matMul(tf.transpose(sg), su), tf.mul(r, su)), scale);
        return [du, dp];
      },
    };
  }) as unknown as (u: Tensor2D, p: Tensor2D) => tf.Tensor;
}

const bprWithValue = makeBpr(true);
const bprWithoutValue = makeBpr(false);
