import { tf, type Tensor1D, type Tensor2D } from '../tf';

type GatherOp = (table: Tensor2D, ids: Tensor1D) => tf.Tensor;
const opsByShape = new Map<string, GatherOp>();

/**
 * `tf.gather(table, ids)` with a gradient that works on the wasm backend, whose `gather` gradient
 * (UnsortedSegmentSum) is missing. ScatterNd adds up duplicate indices, which is exactly the
 * embedding-table gradient.
 */
export function gatherRows(table: Tensor2D, ids: Tensor1D): Tensor2D {
  const [rows, cols] = table.shape;
  const key = `${rows}x${cols}`;
  let op = opsByShape.get(key);
  if (!op) {
    op = makeGatherOp(rows, cols);
    opsByShape.set(key, op);
  }
  return op(table, ids) as Tensor2D;
}

function makeGatherOp(rows: number, cols: number): GatherOp {
  return tf.customGrad((...args: unknown[]) => {
    const [table, ids, save] = args as [Tensor2D, Tensor1D, (ts: tf.Tensor[]) => void];
    // customGrad's gradient sees only what was saved.
    save([ids]);
    return {
      value: tf.gather(table, ids),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const savedIds = saved[0] as Tensor1D;
        const grad = tf.scatterND(tf.reshape(savedIds, [-1, 1]), dy as tf.Tensor, [rows, cols]);
        return [grad, tf.zerosLike(savedIds)];
      },
    };
  }) as unknown as GatherOp;
}
