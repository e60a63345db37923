import type { CheckpointShape } from '../checkpoint/checkpoint-format';
import { weight, type NamedWeights } from '../backbones/weights';
import { fillWindow, type SessionEncoder } from './session-window';
import { copyRow, sigmoid, vecMat } from './vector-math';

/**
 * STAMP as libs/models computes it: m = mean In[x_t];
 * α_t = w0ᵀ σ(W1 In[x_t] + W2 In[x_last] + W3 m + b) (padding positions masked out, no softmax);
 * u = Σ α_t In[x_t] + m.
 */
export class StampEncoder implements SessionEncoder {
  readonly dim: number;
  readonly maxLength: number;
  private readonly itemCount: number;
  private readonly w: { in: Float32Array; w1: Float32Array; w2: Float32Array; w3: Float32Array; w0: Float32Array; b: Float32Array };
  private readonly window: Int32Array;
  /** Scratch: x [L, d], mean, per-session term, per-item term. */
  private readonly x: Float64Array;
  private readonly mean: Float64Array;
  private readonly perSession: Float64Array;
  private readonly perItem: Float64Array;

  constructor(shape: CheckpointShape, weights: NamedWeights) {
    const d = shape.dim;
    this.dim = d;
    this.maxLength = shape.maxLength;
    this.itemCount = shape.itemCount;
    const get = (name: string) => weight(weights, name);
    this.w = { in: get('in'), w1: get('w1'), w2: get('w2'), w3: get('w3'), w0: get('w0'), b: get('b') };
    this.window = new Int32Array(shape.maxLength);
    this.x = new Float64Array(shape.maxLength * d);
    this.mean = new Float64Array(d);
    this.perSession = new Float64Array(d);
    this.perItem = new Float64Array(d);
  }

  encode(items: ArrayLike<number>, out: Float64Array): void {
    const d = this.dim;
    const { x, mean, perSession, perItem, w } = this;
    const n = fillWindow(items, this.itemCount, this.window);
    mean.fill(0);
    for (let t = 0; t < n; t++) {
      copyRow(w.in, this.window[t] as number, d, x, t * d);
      for (let c = 0; c < d; c++) mean[c] = (mean[c] as number) + (x[t * d + c] as number);
    }
    for (let c = 0; c < d; c++) mean[c] = (mean[c] as number) / n;

    vecMat(x, (n - 1) * d, w.w2, d, d, perSession);
    vecMat(mean, 0, w.w3, d, d, perSession, true);
    for (let c = 0; c < d; c++) perSession[c] = (perSession[c] as number) + (w.b[c] as number);

    for (let c = 0; c < d; c++) out[c] = mean[c] as number;
    for (let t = 0; t < n; t++) {
      vecMat(x, t * d, w.w1, d, d, perItem);
      let alpha = 0;
      for (let c = 0; c < d; c++) alpha += sigmoid((perItem[c] as number) + (perSession[c] as number)) * (w.w0[c] as number);
      for (let c = 0; c < d; c++) out[c] = (out[c] as number) + alpha * (x[t * d + c] as number);
    }
  }
}
