import type { CheckpointShape } from '../../checkpoint/checkpoint-format';
import { weight, type NamedWeights } from '../../backbones/weights';
import { ATTMIX_HEADS } from '../../encoders/attmix-encoder';
import { INPUT_EMBEDDINGS_WEIGHT, lastPosition, type EncoderInputs } from './encoder-graph-inputs';
import type { GraphOps } from './graph-ops';

const SOFTMAX_SCALE = 2;
const MASKED_LOGIT = -1e9;
const LAYER_NORM_EPS = 1e-5;

/**
 * AttMix's encoder without dropout, op for op as libs/models computes it. The most-recent-first
 * view of the window is a batched product with a selection matrix S[b, j, t] = (t = last_b − j),
 * built from the mask, so the graph needs no host-side index.
 */
export function attmixGraph(ops: GraphOps, inputs: EncoderInputs, shape: CheckpointShape, weights: NamedWeights): string {
  const { g } = ops;
  const { dim: d, maxLength: L } = shape;
  const table = g.floatConst(weight(weights, 'in'), [shape.itemCount + 1, d], INPUT_EMBEDDINGS_WEIGHT);
  const mask3 = ops.expandDims(inputs.mask, 2);
  const h = ops.mul(ops.l2Normalize(ops.gatherRows(table, inputs.ids), 2), mask3); // [B, L, d]

  const j = g.floatConst(Array.from({ length: L }, (_, i) => i), [1, L, 1]);
  const t = g.floatConst(Array.from({ length: L }, (_, i) => i), [1, 1, L]);
  const target = ops.sub(ops.expandDims(lastPosition(ops, inputs), 2), j); // [B, L, 1]
  const select = ops.boolToFloat(ops.equal(t, target)); // [B, L, L]
  const reversed = ops.batchMatMul(select, h); // [B, L, d], zero rows before the session start

  const queries: string[] = [];
  for (let i = 1; i <= L; i++) {
    const window = ops.reshape(ops.slice(reversed, [0, 0, 0], [-1, i, d]), [-1, i * d]);
    const w = g.floatConst(weight(weights, `q${i}_w`), [i * d, d], `attmix_q${i}_w`);
    const b = g.floatConst(weight(weights, `q${i}_b`), [d], `attmix_q${i}_b`);
    queries.push(ops.add(ops.matMul(window, w), b));
  }
  const q = ops.l2Normalize(ops.pack(queries, 1), 1); // [B, L(queries), d], normalised across queries

  const headDim = d / ATTMIX_HEADS;
  const scale = g.scalar(SOFTMAX_SCALE);
  const maskPenalty = ops.mul(ops.sub(g.scalar(1), inputs.mask), g.scalar(MASKED_LOGIT));
  let weightsSum: string | undefined;
  for (let k = 0; k < ATTMIX_HEADS; k++) {
    const qh = ops.slice(q, [0, 0, k * headDim], [-1, L, headDim]);
    const hh = ops.slice(h, [0, 0, k * headDim], [-1, L, headDim]);
    const scores = ops.sigmoid(ops.batchMatMul(qh, ops.transpose(hh, [0, 2, 1]))); // [B, queries, positions]
    const perQuery = ops.softmax(ops.mul(scores, scale));
    const pooled = ops.sum(perQuery, [1], false); // [B, positions]
    const w = ops.softmax(ops.mul(ops.add(pooled, maskPenalty), scale));
    weightsSum = weightsSum === undefined ? w : ops.add(weightsSum, w);
  }
  const positionWeights = ops.div(weightsSum as string, g.scalar(ATTMIX_HEADS));

  const vW = g.floatConst(weight(weights, 'v_w'), [d, d], 'attmix_v_w');
  const vB = g.floatConst(weight(weights, 'v_b'), [d], 'attmix_v_b');
  const values = ops.reshape(ops.add(ops.matMul(ops.reshape(h, [-1, d]), vW), vB), [-1, L, d]);
  const pooled = ops.sum(ops.mul(values, ops.expandDims(positionWeights, 2)), [1], false);
  const mean = ops.mean(pooled, [-1], true);
  const variance = ops.mean(ops.squaredDifference(pooled, mean), [-1], true);
  const gain = g.floatConst(weight(weights, 'ln_g'), [d], 'attmix_ln_g');
  const bias = g.floatConst(weight(weights, 'ln_b'), [d], 'attmix_ln_b');
  const normed = ops.add(ops.mul(ops.div(ops.sub(pooled, mean), ops.sqrt(ops.add(variance, g.scalar(LAYER_NORM_EPS)))), gain), bias);
  const hLast = ops.reshape(ops.slice(reversed, [0, 0, 0], [-1, 1, d]), [-1, d]);
  const oW = g.floatConst(weight(weights, 'o_w'), [2 * d, d], 'attmix_o_w');
  const oB = g.floatConst(weight(weights, 'o_b'), [d], 'attmix_o_b');
  const a = ops.add(ops.matMul(ops.concat([normed, hLast], 1), oW), oB);
  return ops.l2Normalize(a, 1);
}
