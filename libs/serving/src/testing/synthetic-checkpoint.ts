import type { Backbone } from '@alkdrec/contracts';
import { writeCheckpoint, type CheckpointShape } from '../checkpoint/checkpoint-format';
import { SERVING_BACKBONES } from '../backbones/serving-backbones';

/**
 * A well-formed checkpoint of random weights (uniform in ±scale, from a seeded generator) for tests
 * and benchmarks: the scoring path's speed does not depend on what the weights learned.
 */
export function syntheticCheckpoint(backbone: Backbone, shape: CheckpointShape, seed = 1, scale = 0.5): Uint8Array {
  const random = seededUniform(seed);
  const variables = SERVING_BACKBONES[backbone].layout(shape).map((spec) => {
    const values = new Float32Array(spec.shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = (2 * random() - 1) * scale;
    return { shape: spec.shape, values };
  });
  return writeCheckpoint({ backbone, shape, variables });
}

/** Numbers in [0, 1) from a 32-bit linear congruential generator: reproducible, not for statistics. */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}
