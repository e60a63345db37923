import type { CheckpointShape } from '../../checkpoint/checkpoint-format';
import { weight, type NamedWeights } from '../../backbones/weights';
import { ATTMIX_HEADS, ATTMIX_LAYER_NORM_EPS } from '../../encoders/attmix-encoder';
import { INPUT_EMBEDDINGS_WEIGHT, lastPosition, type EncoderInputs } from './encoder-graph-inputs';
import type { GraphOps } from './graph-ops';

const SOFTMAX_SCALE = 2;
const MASKED_LOGIT = -1e9;

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

  // Projections at every position (padding included: K there is its bias, which enters the first softmax).
  const linear = (x: string, name: string): string => {
    const w = g.floatConst(weight(weights, `${name}_w`), [d, d], `attmix_${name}_w`);
    const b = g.floatConst(weight(weights, `${name}_b`), [d], `attmix_${name}_b`);
    return ops.reshape(ops.add(ops.matMul(ops.reshape(x, [-1, d]), w), b), [-1, L, d]);
  };
  const attQ = linear(q, 'aq');
  const attK = linear(h, 'ak');
  const attV = linear(h, 'av');

  const headDim = d / ATTMIX_HEADS;
  const scale = g.scalar(SOFTMAX_SCALE);
  const maskPenalty = ops.mul(ops.sub(g.scalar(1), inputs.mask), g.scalar(MASKED_LOGIT));
  const heads: string[] = [];
  for (let k = 0; k < ATTMIX_HEADS; k++) {
    const qh = ops.slice(attQ, [0, 0, k * headDim], [-1, L, headDim]);
    const kh = ops.slice(attK, [0, 0, k * headDim], [-1, L, headDim]);
    const vh = ops.slice(attV, [0, 0, k * headDim], [-1, L, headDim]);
    const scores = ops.sigmoid(ops.batchMatMul(qh, ops.transpose(kh, [0, 2, 1]))); // [B, queries, positions]
    const perQuery = ops.softmax(ops.mul(scores, scale));
    const pooledScores = ops.sum(perQuery, [1], false); // [B, positions]
    const w = ops.softmax(ops.mul(ops.add(pooledScores, maskPenalty), scale));
    // Head k's weights pool its own channels of V.
    heads.push(ops.sum(ops.mul(vh, ops.expandDims(w, 2)), [1], false));
  }
  const pooled = ops.concat(heads, 1);
  const mean = ops.mean(pooled, [-1], true);
  const variance = ops.mean(ops.squaredDifference(pooled, mean), [-1], true);
  const gain = g.floatConst(weight(weights, 'ln_g'), [d], 'attmix_ln_g');
  const bias = g.floatConst(weight(weights, 'ln_b'), [d], 'attmix_ln_b');
  const normed = ops.add(ops.mul(ops.div(ops.sub(pooled, mean), ops.sqrt(ops.add(variance, g.scalar(ATTMIX_LAYER_NORM_EPS)))), gain), bias);
  const hLast = ops.reshape(ops.slice(reversed, [0, 0, 0], [-1, 1, d]), [-1, d]);
  const oW = g.floatConst(weight(weights, 'o_w'), [2 * d, d], 'attmix_o_w');
  const oB = g.floatConst(weight(weights, 'o_b'), [d], 'attmix_o_b');
  const a = ops.add(ops.matMul(ops.concat([normed, hLast], 1), oW), oB);
  return ops.l2Normalize(a, 1);
}
