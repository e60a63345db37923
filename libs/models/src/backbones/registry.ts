import type { Rng } from '@alkdrec/recsys';
import type { Backbone, BackboneName, BackboneShape } from './backbone';
import { AttMix } from './attmix';
import { Fpmc } from './fpmc';
import { Stamp } from './stamp';

export function createBackbone(name: BackboneName, shape: BackboneShape, rng: Rng): Backbone {
  switch (name) {
    case 'fpmc':
      return new Fpmc(shape, rng);
    case 'stamp':
      return new Stamp(shape, rng);
    case 'attmix':
      return new AttMix(shape, rng);
  }
}

/**
 * Each backbone's architecture revision: raised when its parameters or forward pass change, so a
 * model trained by the new code never shares an id (and a stored checkpoint) with one of the old
 * (model ids hash it). 2 for AttMix: REFERENCE §2's Q/K/V projections, per-head halves of V, raw
 * output scores.
 */
export const BACKBONE_REVISION: Readonly<Record<BackboneName, number>> = { fpmc: 1, stamp: 1, attmix: 2 };
