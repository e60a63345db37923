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
