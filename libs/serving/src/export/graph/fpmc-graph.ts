import type { CheckpointShape } from '../../checkpoint/checkpoint-format';
import { weight, type NamedWeights } from '../../backbones/weights';
import { INPUT_EMBEDDINGS_WEIGHT, type EncoderInputs } from './encoder-graph-inputs';
import type { GraphOps } from './graph-ops';

/** FPMC's encoder: the mean of the input embeddings of the window's real items. */
export function fpmcGraph(ops: GraphOps, inputs: EncoderInputs, shape: CheckpointShape, weights: NamedWeights): string {
  const table = ops.g.floatConst(weight(weights, 'in'), [shape.itemCount + 1, shape.dim], INPUT_EMBEDDINGS_WEIGHT);
  const x = ops.gatherRows(table, inputs.ids); // [B, L, d]
  const summed = ops.sum(ops.mul(x, ops.expandDims(inputs.mask, 2)), [1], false);
  return ops.div(summed, ops.sum(inputs.mask, [1], true));
}
