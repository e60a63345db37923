import type { CheckpointShape } from '../checkpoint/checkpoint-format';
import { weight, type NamedWeights } from '../backbones/weights';
import { fillWindow, type SessionEncoder } from './session-window';
import { copyRow, l2NormalizeInPlace, sigmoid, softmaxInPlace, vecMat } from './vector-math';

/** Must match libs/models/src/backbones/attmix.ts. */
export const ATTMIX_HEADS = 2;
const SOFTMAX_SCALE = 2;
const MASKED_LOGIT = -1e9;
/** The reference's LayerNorm eps (libs/models' ATTMIX_LAYER_NORM_EPS). */
export const ATTMIX_LAYER_NORM_EPS = 1e-8;

/**
 * AttMix as libs/models computes `encode(batch, false)` (no dropout): h_t = normalise(In[x_t]) (zero
 * at padding); the window read most recent first; query i = Linear_i(first i rows of that view);
 * queries L2-normalised across queries; Q = Linear_aq(queries), K = Linear_ak(h), V = Linear_av(h);
 * per head k (channels k·d/2 …), sigmoid(Q_k·K_kᵀ) → softmax over positions (×2) → summed over
 * queries → padding masked → softmax (×2) = weights w_k; head k's output = Σ_t w_k[t]·V_k[t], the
 * heads side by side; LayerNorm (eps 1e-8); a = [pooled; h_last]·Wo + bo; u = a/‖a‖, scored against
 * the raw output embeddings.
 */
export class AttMixEncoder implements SessionEncoder {
  readonly dim: number;
  readonly maxLength: number;
  private readonly itemCount: number;
  private readonly inTable: Float32Array;
  private readonly queryW: Float32Array[];
  private readonly queryB: Float32Array[];
  private readonly w: {
    aqW: Float32Array; aqB: Float32Array; akW: Float32Array; akB: Float32Array; avW: Float32Array; avB: Float32Array;
    lnG: Float32Array; lnB: Float32Array; oW: Float32Array; oB: Float32Array;
  };
  private readonly window: Int32Array;
  // Scratch, [L, d] unless noted.
  private readonly h: Float64Array;
  private readonly reversed: Float64Array;
  private readonly q: Float64Array;
  private readonly attQ: Float64Array;
  private readonly attK: Float64Array;
  private readonly attV: Float64Array;
  private readonly logits: Float64Array; // [L]
  private readonly pooledHead: Float64Array; // [L]
  private readonly row: Float64Array; // [d]
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
    this.w = {
      aqW: get('aq_w'), aqB: get('aq_b'), akW: get('ak_w'), akB: get('ak_b'), avW: get('av_w'), avB: get('av_b'),
      lnG: get('ln_g'), lnB: get('ln_b'), oW: get('o_w'), oB: get('o_b'),
    };
    this.window = new Int32Array(L);
    this.h = new Float64Array(L * d);
    this.reversed = new Float64Array(L * d);
    this.q = new Float64Array(L * d);
    this.attQ = new Float64Array(L * d);
    this.attK = new Float64Array(L * d);
    this.attV = new Float64Array(L * d);
    this.logits = new Float64Array(L);
    this.pooledHead = new Float64Array(L);
    this.row = new Float64Array(d);
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

    const qi = this.row; // scratch for one query at a time
    for (let i = 1; i <= L; i++) {
      vecMat(reversed, 0, this.queryW[i - 1] as Float32Array, i * d, d, qi);
      const bias = this.queryB[i - 1] as Float32Array;
      for (let c = 0; c < d; c++) q[(i - 1) * d + c] = (qi[c] as number) + (bias[c] as number);
    }
    for (let c = 0; c < d; c++) l2NormalizeInPlace(q, c, L, d); // across the queries

    // Projections at every position, padding included (K there is the bias: it enters the first softmax).
    this.linearRows(q, this.w.aqW, this.w.aqB, this.attQ);
    this.linearRows(h, this.w.akW, this.w.akB, this.attK);
    this.linearRows(h, this.w.avW, this.w.avB, this.attV);
    this.attend(n);
    this.normaliseAndProject(out);
  }

  /** out[t] = x[t]·W + b for each of the L rows (d → d). */
  private linearRows(x: Float64Array, w: Float32Array, b: Float32Array, out: Float64Array): void {
    const { dim: d, maxLength: L, row } = this;
    for (let t = 0; t < L; t++) {
      vecMat(x, t * d, w, d, d, row);
      for (let c = 0; c < d; c++) out[t * d + c] = (row[c] as number) + (b[c] as number);
    }
  }

  /** concat[0..d) = the heads side by side, head k pooling its own channels of V with its own weights. */
  private attend(n: number): void {
    const { dim: d, maxLength: L, attQ, attK, attV, logits, pooledHead, concat } = this;
    const headDim = d / ATTMIX_HEADS;
    concat.fill(0, 0, d);
    for (let k = 0; k < ATTMIX_HEADS; k++) {
      const c0 = k * headDim;
      pooledHead.fill(0);
      for (let i = 0; i < L; i++) {
        for (let t = 0; t < L; t++) {
          let dot = 0;
          for (let c = c0; c < c0 + headDim; c++) dot += (attQ[i * d + c] as number) * (attK[t * d + c] as number);
          logits[t] = SOFTMAX_SCALE * sigmoid(dot);
        }
        softmaxInPlace(logits, 0, L); // over every position, padding included, as the model does
        for (let t = 0; t < L; t++) pooledHead[t] = (pooledHead[t] as number) + (logits[t] as number);
      }
      for (let t = 0; t < L; t++) logits[t] = SOFTMAX_SCALE * ((pooledHead[t] as number) + (t < n ? 0 : MASKED_LOGIT));
      softmaxInPlace(logits, 0, L);
      for (let t = 0; t < L; t++) {
        const wt = logits[t] as number;
        for (let c = c0; c < c0 + headDim; c++) concat[c] = (concat[c] as number) + wt * (attV[t * d + c] as number);
      }
    }
  }

  private normaliseAndProject(out: Float64Array): void {
    const { dim: d, reversed, concat, w } = this;
    // LayerNorm over the pooled vector (tf.moments: mean, then mean squared deviation).
    let mean = 0;
    for (let c = 0; c < d; c++) mean += concat[c] as number;
    mean /= d;
    let variance = 0;
    for (let c = 0; c < d; c++) variance += ((concat[c] as number) - mean) ** 2;
    variance /= d;
    const scale = Math.sqrt(variance + ATTMIX_LAYER_NORM_EPS);
    for (let c = 0; c < d; c++) concat[c] = (((concat[c] as number) - mean) / scale) * (w.lnG[c] as number) + (w.lnB[c] as number);
    for (let c = 0; c < d; c++) concat[d + c] = reversed[c] as number; // h_last
    vecMat(concat, 0, w.oW, 2 * d, d, out);
    for (let c = 0; c < d; c++) out[c] = (out[c] as number) + (w.oB[c] as number);
    l2NormalizeInPlace(out, 0, d);
  }
}
