import type { Tensor1D, Tensor2D, Variable } from '../tf';
import type { EncodedSessions } from '../input/session-tensors';

export type BackboneName = 'fpmc' | 'stamp' | 'attmix';

/** A session batch on the device: ids and mask are [B, L]; `last` holds each session's last item. */
export interface SessionBatch {
  ids: Tensor2D;
  mask: Tensor2D;
  last: Tensor1D;
  /** Flat position (b·L + lastPosition) of each last item, for gathering it from [B·L, d] tensors. */
  lastFlat: Tensor1D;
  /** Flat positions (b·L + t) holding an item, not padding, in order; and the session b of each. */
  realFlat: Tensor1D;
  realSession: Tensor1D;
  /** Host copy of each session's last position (its length − 1). */
  lastPositions: Int32Array;
  size: number;
  maxLength: number;
}

export interface BackboneShape {
  itemCount: number;
  dim: number;
  maxLength: number;
}

/**
 * A session-based recommender that scores item v for session s as ⟨u_s, e_v⟩ (REFERENCE §2).
 * Implementations own their variables; all tensor work happens inside the caller's tf.tidy.
 */
export interface Backbone {
  readonly name: BackboneName;
  readonly shape: BackboneShape;
  /** Trainable variables in a fixed order (checkpoints rely on it). */
  readonly variables: readonly Variable[];
  /** Session representations u_s, [B, d]. `training` switches dropout on. */
  encode(batch: SessionBatch, training: boolean, dropoutSeed?: number): Tensor2D;
  /** Output embeddings e_v for the given items, [n, d] (normalised where the model's score is). */
  itemEmbeddings(items: Tensor1D): Tensor2D;
  /** e_v for the whole catalogue (no padding row), transposed to [d, itemCount] for scoring. */
  catalogueEmbeddingsT(): Tensor2D;
}

export function toSessionBatch(tf: typeof import('@tensorflow/tfjs-core'), enc: EncodedSessions): SessionBatch {
  const L = enc.maxLength;
  const last = new Int32Array(enc.count);
  const lastFlat = new Int32Array(enc.count);
  let realCount = 0;
  for (let i = 0; i < enc.count; i++) {
    const p = enc.lastPosition[i] as number;
    last[i] = enc.ids[i * L + p] as number;
    lastFlat[i] = i * L + p;
  }
  for (let f = 0; f < enc.mask.length; f++) if ((enc.mask[f] as number) !== 0) realCount++;
  const realFlat = new Int32Array(realCount);
  const realSession = new Int32Array(realCount);
  for (let f = 0, r = 0; f < enc.mask.length; f++) {
    if ((enc.mask[f] as number) === 0) continue;
    realFlat[r] = f;
    realSession[r++] = Math.floor(f / L);
  }
  return {
    ids: tf.tensor2d(enc.ids, [enc.count, L], 'int32'),
    mask: tf.tensor2d(enc.mask, [enc.count, L], 'float32'),
    last: tf.tensor1d(last, 'int32'),
    lastFlat: tf.tensor1d(lastFlat, 'int32'),
    realFlat: tf.tensor1d(realFlat, 'int32'),
    realSession: tf.tensor1d(realSession, 'int32'),
    lastPositions: enc.lastPosition,
    size: enc.count,
    maxLength: L,
  };
}

export function disposeBatch(batch: SessionBatch): void {
  batch.ids.dispose();
  batch.mask.dispose();
  batch.last.dispose();
  batch.lastFlat.dispose();
  batch.realFlat.dispose();
  batch.realSession.dispose();
}
