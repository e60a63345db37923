import { tf, type Tensor } from '../tf';

type MatMulOp = (a: Tensor, b: Tensor) => Tensor;

/**
 * `tf.matMul(a, b)` (2-D, or 3-D batched) whose gradient transposes explicitly. The built-in
 * gradient multiplies by transposed operands (`transposeA/B`), which the wasm backend runs 10–30×
 * slower than a transpose followed by a plain product; in STAMP and AttMix that made the backward
 * pass most of the step.
 */
export function matMul<T extends Tensor>(a: T, b: Tensor): T {
  return (a.rank === 3 ? batchedOp : plainOp)(a, b) as T;
}

function swapLast(x: Tensor): Tensor {
  const [rows, cols] = x.shape.slice(-2) as [number, number];
  // A row or column vector's transpose has the same memory layout: a reshape, not a copy. STAMP's
  // attention weights (w0, [d, 1]) and their [B·L, 1] gradients hit this on every step.
  if (rows === 1 || cols === 1) return tf.reshape(x, [...x.shape.slice(0, -2), cols, rows]);
  return x.rank === 3 ? tf.transpose(x, [0, 2, 1]) : tf.transpose(x);
}

function makeOp(): MatMulOp {
  return tf.customGrad((...args: unknown[]) => {
    const [a, b, save] = args as [Tensor, Tensor, (ts: Tensor[]) => void];
    save([a, b]);
    return {
      value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
        const [sa, sb] = saved as [Tensor, Tensor];
        const g = dy as Tensor;
        return [tf.matMul(g as tf.Tensor2D, swapLast(sb) as tf.Tensor2D), gradientOfB(sa, g)];
      },
    };
  }) as unknown as MatMulOp;
}

/**
 * ∂/∂b of a·b is aᵀ·g. When g is a column ([N, 1]: STAMP's attention scores per item against its
 * [d, 1] attention vector) the same sums are (gᵀ·a)ᵀ, where both transposes are reshapes: it saves
 * copying the [B·L, d] `a` (~6 ms at d = 100); XNNPACK runs the 1-row product in ~0.3 ms.
 */
function gradientOfB(a: Tensor, g: Tensor): Tensor {
  if (g.shape[g.rank - 1] === 1) return swapLast(tf.matMul(swapLast(g) as tf.Tensor2D, a as tf.Tensor2D));
  return tf.matMul(swapLast(a) as tf.Tensor2D, g as tf.Tensor2D);
}

const plainOp = makeOp();
const batchedOp = makeOp();
