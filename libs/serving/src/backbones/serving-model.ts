import type { Backbone } from '@alkdrec/contracts';
import { parseCheckpoint, type CheckpointShape, type ParsedCheckpoint } from '../checkpoint/checkpoint-format';
import { SERVING_BACKBONES, type ServingBackbone } from './serving-backbones';
import { nameWeights, weight, type NamedWeights } from './weights';

/** A checkpoint made ready to serve: its backbone's facts, its weights by name, the item vectors. */
export interface ServingModel {
  backbone: Backbone;
  shape: CheckpointShape;
  facts: ServingBackbone;
  weights: NamedWeights;
  /**
   * [itemCount × dim], row-major: exactly the vectors scores are taken against (the output
   * embeddings without the padding row, L2-normalised where the backbone scores cosines).
   */
  itemVectors: Float32Array;
}

/** Parses (if given bytes) and checks a checkpoint against its backbone's layout. */
export function loadServingModel(checkpoint: Uint8Array | ParsedCheckpoint, source?: string): ServingModel {
  const parsed = checkpoint instanceof Uint8Array ? parseCheckpoint(checkpoint, source) : checkpoint;
  const facts = SERVING_BACKBONES[parsed.backbone];
  const weights = nameWeights(parsed, facts.layout(parsed.shape));
  const { itemCount, dim } = parsed.shape;
  const itemVectors = weight(weights, 'out').slice(0, itemCount * dim);
  if (facts.itemVectors === 'l2-normalized') normalizeRows(itemVectors, dim);
  return { backbone: parsed.backbone, shape: parsed.shape, facts, weights, itemVectors };
}

/** Each row x ← x / sqrt(‖x‖² + 1e-16), the models' l2Normalize, computed in float64. */
function normalizeRows(matrix: Float32Array, dim: number, eps = 1e-8): void {
  for (let base = 0; base < matrix.length; base += dim) {
    let sum = 0;
    for (let c = 0; c < dim; c++) sum += (matrix[base + c] as number) ** 2;
    const norm = Math.sqrt(sum + eps * eps);
    for (let c = 0; c < dim; c++) matrix[base + c] = (matrix[base + c] as number) / norm;
  }
}
