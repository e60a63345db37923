import type { CheckpointShape } from '../../checkpoint/checkpoint-format';
import { weight, type NamedWeights } from '../../backbones/weights';
import { INPUT_EMBEDDINGS_WEIGHT, lastPosition, type EncoderInputs } from './encoder-graph-inputs';
import type { GraphOps } from './graph-ops';

/**
 * STAMP's encoder, op for op as libs/models computes it; the last item is selected with a one-hot
 * of the last position (Σ mask − 1) rather than a host-side index.
 */
export function stampGraph(ops: GraphOps, inputs: EncoderInputs, shape: CheckpointShape, weights: NamedWeights): string {
  const { g } = ops;
  const { dim: d, maxLength: L } = shape;
  const table = g.floatConst(weight(weights, 'in'), [shape.itemCount + 1, d], INPUT_EMBEDDINGS_WEIGHT);
  const w1 = g.floatConst(weight(weights, 'w1'), [d, d], 'stamp_w1');
  const w2 = g.floatConst(weight(weights, 'w2'), [d, d], 'stamp_w2');
  const w3 = g.floatConst(weight(weights, 'w3'), [d, d], 'stamp_w3');
  const w0 = g.floatConst(weight(weights, 'w0'), [d, 1], 'stamp_w0');
  const b = g.floatConst(weight(weights, 'b'), [d], 'stamp_b');

  const x = ops.gatherRows(table, inputs.ids); // [B, L, d]
  const mask3 = ops.expandDims(inputs.mask, 2);
  const mean = ops.div(ops.sum(ops.mul(x, mask3), [1], false), ops.sum(inputs.mask, [1], true));
  const positions = g.floatConst(Array.from({ length: L }, (_, t) => t), [1, L]);
  const isLast = ops.boolToFloat(ops.equal(positions, lastPosition(ops, inputs))); // [B, L]
  const last = ops.sum(ops.mul(x, ops.expandDims(isLast, 2)), [1], false);
  const perSession = ops.add(ops.add(ops.matMul(last, w2), ops.matMul(mean, w3)), b);
  const perItem = ops.reshape(ops.matMul(ops.reshape(x, [-1, d]), w1), [-1, L, d]);
  const hidden = ops.sigmoid(ops.add(perItem, ops.expandDims(perSession, 1)));
  const alpha = ops.mul(ops.reshape(ops.matMul(ops.reshape(hidden, [-1, d]), w0), [-1, L, 1]), mask3);
  return ops.add(ops.sum(ops.mul(alpha, x), [1], false), mean);
}
