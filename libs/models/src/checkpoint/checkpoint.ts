import { createRng } from '@alkdrec/recsys';
import { parseCheckpoint, writeCheckpoint } from '@alkdrec/serving';
import { tf } from '../tf';
import type { Backbone } from '../backbones/backbone';
import { createBackbone } from '../backbones/registry';

/**
 * Checkpoints in the ALKDREC1 format, which @alkdrec/serving reads and writes (magic, JSON header
 * with backbone, shape and variable shapes, then the float32 values): one parser for the trainer,
 * the api's recommender and the export.
 */
export function serializeModel(model: Backbone): Uint8Array {
  return writeCheckpoint({
    backbone: model.name,
    shape: model.shape,
    variables: model.variables.map((v) => ({ shape: v.shape, values: v.dataSync() as Float32Array })),
  });
}

export function deserializeModel(bytes: Uint8Array, source?: string): Backbone {
  const checkpoint = parseCheckpoint(bytes, source);
  const model = createBackbone(checkpoint.backbone, checkpoint.shape, createRng(0));
  try {
    if (model.variables.length !== checkpoint.variables.length) {
      throw new Error(`checkpoint has ${checkpoint.variables.length} variables, ${checkpoint.backbone} has ${model.variables.length}`);
    }
    model.variables.forEach((v, i) => {
      const { shape, values } = checkpoint.variables[i] as (typeof checkpoint.variables)[number];
      if (shape.join('x') !== v.shape.join('x')) throw new Error(`checkpoint variable ${i} has shape ${shape}, expected ${v.shape}`);
      tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
    });
  } catch (error) {
    disposeModel(model);
    throw error;
  }
  return model;
}

export function disposeModel(model: Backbone): void {
  for (const v of model.variables) v.dispose();
}
