import { tf, type Tensor, type Tensor1D, type Tensor2D } from '../tf';
import { columnSums } from './column-sums';

type AffineOp = (x: Tensor2D, w: Tensor2D, b: Tensor1D) => Tensor2D;

/**
 * x·W + b for x [N, k], W [k, m], b [m], with the gradient written out: explicit transposes (wasm's
 * products with a transposed operand are 10–30× slower) and the bias's gradient as a product
 * (columnSums) rather than tf's broadcast-add gradient, a Sum over axis 0.
 */
export function affine(x: Tensor2D, w: Tensor2D, b: Tensor1D): Tensor2D {
  return op(x, w, b);
}

const op = tf.customGrad((...args: unknown[]) => {
  const [x, w, b, save] = args as [Tensor2D, Tensor2D, Tensor1D, (ts: Tensor[]) => void];
  save([x, w]);
  return {
    value: tf.add(tf.matMul(x, w), b) as Tensor2D,
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
      const [sx, sw] = saved as [Tensor2D, Tensor2D];
      const g = dy as Tensor2D;
      return [tf.matMul(g, tf.transpose(sw)), tf.matMul(tf.transpose(sx), g), columnSums(g)];
    },
  };
}) as unknown as AffineOp;
