import { tf, type Tensor, type Tensor1D, type Tensor2D } from '../tf';
import { columnSums } from './column-sums';

type QueriesOp = (recent: Tensor2D, bias: Tensor1D, ...weights: Tensor2D[]) => Tensor2D;
const opsByLevels = new Map<number, QueriesOp>();

/**
 * AttMix's multi-level queries: for `recent` [B, L·d] (block j = the session's (j+1)-th most recent
 * h), weights W_i [i·d, d] (i = 1..L) and the L biases side by side ([L·d]), returns [B, L·d] whose
 * block i−1 is recent[:, :i·d] · W_i + b_i — query i reads the last i items.
 *
 * One op with a hand-written gradient instead of ten slices, products and a stack: tf's gradient of
 * the products multiplies by transposed operands (10–30× slower on wasm) and pads every slice's
 * gradient back to [B, L·d] before adding ten of them. Here the backward pass does only the useful
 * multiply–adds (Σᵢ i·d² per session, not L²·d² as one block-triangular product would):
 *   ∂W_i = recent[:, :i·d]ᵀ · g_i  — prefix rows of one transpose of `recent`, contiguous;
 *   ∂recent_j = Σ_{i>j} g_i · W_i[j]ᵀ = g[:, j·d:] · M_j, M_j stacking the W_i[j]ᵀ of the queries
 *   that read position j.
 */
export function multiLevelQueries(recent: Tensor2D, weights: readonly Tensor2D[], biases: Tensor1D): Tensor2D {
  let op = opsByLevels.get(weights.length);
  if (!op) {
    op = makeOp(weights.length);
    opsByLevels.set(weights.length, op);
  }
  return op(recent, biases, ...weights);
}

function makeOp(levels: number): QueriesOp {
  return tf.customGrad((...args: unknown[]) => {
    const recent = args[0] as Tensor2D;
    const bias = args[1] as Tensor1D;
    const weights = args.slice(2, 2 + levels) as Tensor2D[];
    const save = args[2 + levels] as (ts: Tensor[]) => void;
    const [batch, width] = recent.shape;
    const d = width / levels;
    save([recent, ...weights]);
    const parts = weights.map((w, i) => tf.matMul(i === levels - 1 ? recent : tf.slice(recent, [0, 0], [batch, (i + 1) * d]), w));
    return {
      value: tf.add(tf.concat(parts, 1), bias) as Tensor2D,
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
        const g = dy as Tensor2D;
        const savedRecent = saved[0] as Tensor2D;
        const savedWeights = saved.slice(1) as Tensor2D[];
        const recentT = tf.transpose(savedRecent) as Tensor2D; // [L·d, B]
        const weightGrads = savedWeights.map((_, i) => {
          const rows = i === levels - 1 ? recentT : tf.slice(recentT, [0, 0], [(i + 1) * d, batch]);
          return tf.matMul(rows, tf.slice(g, [0, i * d], [batch, d]));
        });
        // T = W_bigᵀ, [L·d, L·d]: row block i−1 is [W_iᵀ | 0], i.e. the blocks W_i[j]ᵀ side by side
        // for j < i. Column block j of T, from row block j down, stacks the W_i[j]ᵀ of the queries
        // that read position j.
        const t = tf.concat(savedWeights.map((w, i) => tf.pad(tf.transpose(w), [[0, 0], [0, (levels - 1 - i) * d]])), 0) as Tensor2D;
        const recentGrads: Tensor2D[] = [];
        for (let j = 0; j < levels; j++) {
          const stacked = tf.slice(t, [j * d, j * d], [(levels - j) * d, d]) as Tensor2D; // [(L−j)·d, d]
          const tail = j === 0 ? g : tf.slice(g, [0, j * d], [batch, (levels - j) * d]);
          recentGrads.push(tf.matMul(tail, stacked));
        }
        return [tf.concat(recentGrads, 1), columnSums(g), ...weightGrads];
      },
    };
  }) as unknown as QueriesOp;
}
