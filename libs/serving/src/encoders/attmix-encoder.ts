import type { CheckpointShape } from '../checkpoint/checkpoint-format';
import { weight, type NamedWeights } from '../backbones/weights';
import { fillWindow, type SessionEncoder } from './session-window';
import { copyRow, l2NormalizeInPlace, sigmoid, softmaxInPlace, vecMat } from './vector-math';

/** Must match libs/models/src/backbones/attmix.ts. */
export const ATTMIX_HEADS = 2;
const SOFTMAX_SCALE = 2;
const MASKED_LOGIT = -1e9;
const LAYER_NORM_EPS = 1e-5;

/**
 * AttMix as libs/models computes `encode(batch, false)` (no dropout): h_t = normalise(In[x_t]) (zero
 * at padding); the window read most recent first; query i = Linear_i(first i rows of that view);
 * queries L2-normalised across queries; per head, sigmoid(q·h) → softmax over positions (×2) →
 * summed over queries → padding masked → softmax (×2); the heads' weights averaged; pooled =
 * Σ w_t (h_t·Wv + bv), LayerNorm; a = [pooled; h_last]·Wo + bo; u = a/‖a‖.
 */
export class AttMixEncoder implements SessionEncoder {
  readonly dim: number;
  readonly maxLength: number;
  private readonly itemCount: number;
  private readonly inTable: Float32Array;
  private readonly queryW: Float32Array[];
  private readonly queryB: Float32Array[];
  private readonly w: { vW: Float32Array; vB: Float32Array; lnG: Float32Array; lnB: Float32Array; oW: Float32Array; oB: Float32Array };
  private readonly window: Int32Array;
  // Scratch, [L, d] unless noted.
  private readonly h: Float64Array;
  private readonly reversed: Float64Array;
  private readonly q: Float64Array;
  private readonly logits: Float64Array; // [L]
  private readonly pooledHead: Float64Array; // [L]
  private readonly positionWeights: Float64Array; // [L]
  private readonly value: Float64Array; // [d]
  private readonly concat: Float64Array; // [2d]

  constructor(shape: CheckpointShape, weights: NamedWeights) {
    const { dim: d, maxLength: L } = shape;
    this.dim = d;
    this.maxLength = L;
    this.itemCount = shape.itemCount;
    this.inTable = weight(weights, 'in');
    this.queryW = Array.from({ length: L }, (_, i) => weight(weights, `q${i + 1}_w`));
    this.queryB = Array.from({ length: L }, (_, i) => weight(weights, `q${i + 1}_b`));
    const get = (name: string) => weight(weights, name);
    this.w = { vW: get('v_w'), vB: get('v_b'), lnG: get('ln_g'), lnB: get('ln_b'), oW: get('o_w'), oB: get('o_b') };
    this.window = new Int32Array(L);
    this.h = new Float64Array(L * d);
    this.reversed = new Float64Array(L * d);
    this.q = new Float64Array(L * d);
    this.logits = new Float64Array(L);
    this.pooledHead = new Float64Array(L);
    this.positionWeights = new Float64Array(L);
    this.value = new Float64Array(d);
    this.concat = new Float64Array(2 * d);
  }

  encode(items: ArrayLike<number>, out: Float64Array): void {
    const { dim: d, maxLength: L, h, reversed, q } = this;
    const n = fillWindow(items, this.itemCount, this.window);
    h.fill(0);
    reversed.fill(0);
    for (let t = 0; t < n; t++) {
      copyRow(this.inTable, this.window[t] as number, d, h, t * d);
      l2NormalizeInPlace(h, t * d, d);
    }
    // Most recent first; rows past the session's start stay zero.
    for (let j = 0; j < n; j++) reversed.set(h.subarray((n - 1 - j) * d, (n - j) * d), j * d);

    const qi = this.value; // borrowed as scratch for one query at a time
    for (let i = 1; i <= L; i++) {
      vecMat(reversed, 0, this.queryW[i - 1] as Float32Array, i * d, d, qi);
      const bias = this.queryB[i - 1] as Float32Array;
      for (let c = 0; c < d; c++) q[(i - 1) * d + c] = (qi[c] as number) + (bias[c] as number);
    }
    for (let c = 0; c < d; c++) l2NormalizeInPlace(q, c, L, d); // across the queries

    this.attentionWeights(n);
    this.poolAndProject(out);
  }

  /** positionWeights[t]: the heads' averaged attention over the window positions. */
  private attentionWeights(n: number): void {
    const { dim: d, maxLength: L, h, q, logits, pooledHead, positionWeights } = this;
    const headDim = d / ATTMIX_HEADS;
    positionWeights.fill(0);
    for (let k = 0; k < ATTMIX_HEADS; k++) {
      const c0 = k * headDim;
      pooledHead.fill(0);
      for (let i = 0; i < L; i++) {
        for (let t = 0; t < L; t++) {
          let dot = 0;
          for (let c = c0; c < c0 + headDim; c++) dot += (q[i * d + c] as number) * (h[t * d + c] as number);
          logits[t] = SOFTMAX_SCALE * sigmoid(dot);
        }
        softmaxInPlace(logits, 0, L); // over every position, padding included, as the model does
        for (let t = 0; t < L; t++) pooledHead[t] = (pooledHead[t] as number) + (logits[t] as number);
      }
      for (let t = 0; t < L; t++) logits[t] = SOFTMAX_SCALE * ((pooledHead[t] as number) + (t < n ? 0 : MASKED_LOGIT));
      softmaxInPlace(logits, 0, L);
      for (let t = 0; t < L; t++) positionWeights[t] = (positionWeights[t] as number) + (logits[t] as number);
    }
    for (let t = 0; t < L; t++) positionWeights[t] = (positionWeights[t] as number) / ATTMIX_HEADS;
  }

  private poolAndProject(out: Float64Array): void {
    const { dim: d, maxLength: L, h, reversed, positionWeights, value, concat, w } = this;
    concat.fill(0, 0, d);
    for (let t = 0; t < L; t++) {
      vecMat(h, t * d, w.vW, d, d, value);
      const wt = positionWeights[t] as number;
      for (let c = 0; c < d; c++) concat[c] = (concat[c] as number) + wt * ((value[c] as number) + (w.vB[c] as number));
    }
    // LayerNorm over the pooled vector (tf.moments: mean, then mean squared deviation).
    let mean = 0;
    for (let c = 0; c < d; c++) mean += concat[c] as number;
    mean /= d;
    let variance = 0;
    for (let c = 0; c < d; c++) variance += ((concat[c] as number) - mean) ** 2;
    variance /= d;
    const scale = Math.sqrt(variance + LAYER_NORM_EPS);
    for (let c = 0; c < d; c++) concat[c] = (((concat[c] as number) - mean) / scale) * (w.lnG[c] as number) + (w.lnB[c] as number);
    for (let c = 0; c < d; c++) concat[d + c] = reversed[c] as number; // h_last
    vecMat(concat, 0, w.oW, 2 * d, d, out);
    for (let c = 0; c < d; c++) out[c] = (out[c] as number) + (w.oB[c] as number);
    l2NormalizeInPlace(out, 0, d);
  }
}
