import type { CheckpointShape } from '../checkpoint/checkpoint-format';
import { weight, type NamedWeights } from '../backbones/weights';
import { fillWindow, type SessionEncoder } from './session-window';

/** FPMC as libs/models computes it (really mean pooling): u = mean of In[x_t] over the window. */
export class FpmcEncoder implements SessionEncoder {
  readonly dim: number;
  readonly maxLength: number;
  private readonly itemCount: number;
  private readonly inTable: Float32Array;
  private readonly window: Int32Array;

  constructor(shape: CheckpointShape, weights: NamedWeights) {
    this.dim = shape.dim;
    this.maxLength = shape.maxLength;
    this.itemCount = shape.itemCount;
    this.inTable = weight(weights, 'in');
    this.window = new Int32Array(shape.maxLength);
  }

  encode(items: ArrayLike<number>, out: Float64Array): void {
    const d = this.dim;
    const n = fillWindow(items, this.itemCount, this.window);
    out.fill(0, 0, d);
    for (let t = 0; t < n; t++) {
      const base = (this.window[t] as number) * d;
      for (let c = 0; c < d; c++) out[c] = (out[c] as number) + (this.inTable[base + c] as number);
    }
    for (let c = 0; c < d; c++) out[c] = (out[c] as number) / n;
  }
}
