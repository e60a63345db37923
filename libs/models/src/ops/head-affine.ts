import { tf, type Tensor, type Tensor1D, type Tensor2D, type Tensor3D } from '../tf';
import { columnSums } from './column-sums';

type HeadAffineOp = (x: Tensor2D, w: Tensor2D, b: Tensor1D) => Tensor3D;
const opsByHeads = new Map<number, HeadAffineOp>();

/**
 * x·W + b (x [N, k], W [k, m], b [m]) cut into `heads` column groups stacked head-major:
 * [heads, N, m/heads], head h being columns h·m/heads … (h+1)·m/heads. Reshaped to
 * [heads·B, L, m/heads] it is a batch of per-session, per-head matrices, contiguous, so both heads'
 * attention runs as one batched product with no slicing of [N, m] activations. The gradient
 * transposes x once for all heads and takes the bias's gradient as a product (columnSums).
 */
export function headAffine(x: Tensor2D, w: Tensor2D, b: Tensor1D, heads: number): Tensor3D {
  let op = opsByHeads.get(heads);
  if (!op) {
    op = makeOp(heads);
    opsByHeads.set(heads, op);
  }
  return op(x, w, b);
}

function makeOp(heads: number): HeadAffineOp {
  return tf.customGrad((...args: unknown[]) => {
    const [x, w, b, save] = args as [Tensor2D, Tensor2D, Tensor1D, (ts: Tensor[]) => void];
    const [k, m] = w.shape;
    const width = m / heads;
    const weights = Array.from({ length: heads }, (_, h) => tf.slice(w, [0, h * width], [k, width]) as Tensor2D);
    save([x, ...weights]);
    const parts = weights.map((wh, h) => tf.add(tf.matMul(x, wh), tf.slice(b, [h * width], [width])));
    return {
      value: tf.reshape(tf.concat(parts, 0), [heads, x.shape[0], width]) as Tensor3D,
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
        const sx = saved[0] as Tensor2D;
        const sw = saved.slice(1) as Tensor2D[];
        // Slices, not tf.unstack: the wasm Unpack kernel copies the whole input for every piece.
        const [, rows, width] = (dy as Tensor3D).shape;
        const g = Array.from({ length: heads }, (_, h) => tf.reshape(tf.slice(dy as Tensor3D, [h, 0, 0], [1, rows, width]), [rows, width]) as Tensor2D);
        const xT = tf.transpose(sx);
        let dx = tf.matMul(g[0] as Tensor2D, tf.transpose(sw[0] as Tensor2D));
        for (let h = 1; h < heads; h++) dx = tf.add(dx, tf.matMul(g[h] as Tensor2D, tf.transpose(sw[h] as Tensor2D)));
        const dw = tf.concat(g.map((gh) => tf.matMul(xT, gh)), 1);
        const db = tf.concat(g.map((gh) => columnSums(gh)), 0);
        return [dx, dw, db];
      },
    };
  }) as unknown as HeadAffineOp;
}
