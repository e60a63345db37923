import { tf, type Tensor, type Tensor1D, type Tensor2D } from '../tf';

type ScatterOp = (values: Tensor2D, rows: Tensor1D) => Tensor2D;
const opsByRows = new Map<number, ScatterOp>();

/**
 * The inverse of gatherRows: a [total, k] matrix of zeros with `values`' rows placed at `rows`
 * (distinct). Its gradient gathers those rows back. STAMP computes its attention only at the
 * positions that hold an item and spreads the scores back over the padded [B·L] grid this way.
 */
export function scatterRows(values: Tensor2D, rows: Tensor1D, total: number): Tensor2D {
  let op = opsByRows.get(total);
  if (!op) {
    op = makeScatterOp(total);
    opsByRows.set(total, op);
  }
  return op(values, rows);
}

function makeScatterOp(total: number): ScatterOp {
  return tf.customGrad((...args: unknown[]) => {
    const [values, rows, save] = args as [Tensor2D, Tensor1D, (ts: Tensor[]) => void];
    save([rows]);
    return {
      value: tf.scatterND(tf.reshape(rows, [-1, 1]), values, [total, values.shape[1] as number]),
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
        const savedRows = saved[0] as Tensor1D;
        return [tf.gather(dy as Tensor2D, savedRows), tf.zerosLike(savedRows)];
      },
    };
  }) as unknown as ScatterOp;
}
