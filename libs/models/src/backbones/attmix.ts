import type { Rng } from '@alkdrec/recsys';
import { tf, type Tensor1D, type Tensor2D, type Tensor3D, type Variable } from '../tf';
import { affine } from '../ops/affine';
import { gatherRows } from '../ops/gather-rows';
import { headAffine } from '../ops/head-affine';
import { matMul } from '../ops/mat-mul';
import { multiLevelQueries } from '../ops/multi-level-queries';
import { l2Normalize, layerNorm } from '../ops/normalize';
import { weightedSum } from '../ops/weighted-sum';
import type { Backbone, BackboneShape, SessionBatch } from './backbone';
import { uniformVariable, variablePrefix } from './init';

export const ATTMIX_HEADS = 2;
const DROPOUT = 0.1;
/** The reference scales attention logits by 2 before each softmax. */
const SOFTMAX_SCALE = 2;
/** Stands in for the reference's −∞ at padding: exp(2·(−1e9)) is exactly 0 in float32 too. */
const MASKED_LOGIT = -1e9;
/** The reference's `LayerNorm(hidden_size, eps=1e-8)`. */
export const ATTMIX_LAYER_NORM_EPS = 1e-8;

/** One linear layer, d_in → d_out with bias, stored as W [d_in, d_out] and b [d_out]. */
interface Linear {
  w: Variable;
  b: Variable;
}

/**
 * AttMix (Atten-Mixer, Zhang et al., WSDM 2023) as in the reference's `AttMix.py` (REFERENCE §2):
 * - h_t = In[x_t]·mask_t, L2-normalised; dropout 0.1 in training;
 * - query i (1..L) = Linear_i(concatenation of the last i h's, most recent first; positions before
 *   the session's start read a zero slot, as the reference's clamped index reads its padded slot);
 *   the L queries are L2-normalised across the queries (dim 1);
 * - attention block (the reference's `LastAttenion`, 2 heads of d/2): Q = Linear_0(queries),
 *   K = Linear_1(h), V = Linear_2(h); per head, sigmoid(Q·Kᵀ), softmax over positions of 2·score,
 *   summed over the L queries (LP-pool, p = 1), −∞ at padding, softmax over positions of 2·pooled,
 *   dropout 0.1; each head's weights pool its own half of V, the heads side by side (concatenated);
 *   LayerNorm (eps 1e-8);
 * - a = Linear([pooled; h_last]) (2d → d); the session vector is a/‖a‖ and item v scores
 *   ⟨a/‖a‖, Out_v⟩ against the raw output embeddings (the reference's loss and evaluation; its cosine
 *   `scores` are never used).
 * Init: every parameter, LayerNorm included, U(−1/√d, 1/√d) (the reference's last reset).
 *
 * What still differs from the reference:
 * - head k is channels [k·d/2, (k+1)·d/2) of Q, K and V. The reference's `.view(-1, L, d/2)` of the
 *   [B, L, d] projections cuts each session's Q and K into heads that interleave positions and
 *   channels (its "head" 0 holds queries 0–4 and key positions 0–4, both halves of each); its V is
 *   split cleanly. REFERENCE §2 calls that accidental and allows the clean split;
 * - padding is a dedicated id with a zero input row (the reference uses item 0, whose row its
 *   uniform reset also fills — masked either way); normalisations divide by √(‖x‖² + 1e-16) rather
 *   than ‖x‖ + 1e-12 (same to float32 precision except at the zero vector).
 */
export class AttMix implements Backbone {
  readonly name = 'attmix' as const;
  readonly variables: readonly Variable[];
  private readonly inTable: Variable;
  private readonly outTable: Variable;
  private readonly queryWeights: Variable[];
  private readonly queryBiases: Variable[];
  private readonly attQuery: Linear;
  private readonly attKey: Linear;
  private readonly attValue: Linear;
  private readonly normGain: Variable;
  private readonly normBias: Variable;
  private readonly output: Linear;

  constructor(readonly shape: BackboneShape, rng: Rng) {
    const { itemCount, dim, maxLength } = shape;
    if (dim % ATTMIX_HEADS !== 0) throw new RangeError(`AttMix needs a latent size divisible by ${ATTMIX_HEADS}, got ${dim}`);
    const p = variablePrefix('attmix');
    const bound = 1 / Math.sqrt(dim); // the reference initialises every parameter U(−1/√d, 1/√d)
    const uniform = (dims: number[], name: string, zeroRow?: number) => uniformVariable(rng, dims, bound, `${p}_${name}`, zeroRow);
    const linear = (fanIn: number, name: string): Linear => ({ w: uniform([fanIn, dim], `${name}_w`), b: uniform([dim], `${name}_b`) });
    this.inTable = uniform([itemCount + 1, dim], 'in', itemCount);
    this.outTable = uniform([itemCount + 1, dim], 'out', itemCount);
    this.queryWeights = [];
    this.queryBiases = [];
    for (let i = 1; i <= maxLength; i++) {
      this.queryWeights.push(uniform([i * dim, dim], `q${i}_w`));
      this.queryBiases.push(uniform([dim], `q${i}_b`));
    }
    this.attQuery = linear(dim, 'aq');
    this.attKey = linear(dim, 'ak');
    this.attValue = linear(dim, 'av');
    this.normGain = uniform([dim], 'ln_g');
    this.normBias = uniform([dim], 'ln_b');
    this.output = linear(2 * dim, 'o');
    this.variables = [
      this.inTable, this.outTable, ...this.queryWeights, ...this.queryBiases,
      this.attQuery.w, this.attQuery.b, this.attKey.w, this.attKey.b, this.attValue.w, this.attValue.b,
      this.normGain, this.normBias, this.output.w, this.output.b,
    ];
  }

  encode(batch: SessionBatch, training: boolean, dropoutSeed = 0): Tensor2D {
    const { size: B, maxLength: L } = batch;
    const d = this.shape.dim;
    const raw = gatherRows(this.inTable as Tensor2D, tf.reshape(batch.ids, [-1]) as Tensor1D);
    let h = tf.mul(l2Normalize(raw, 1), tf.reshape(batch.mask, [B * L, 1])) as Tensor2D; // [B·L, d]
    if (training) h = tf.dropout(h, DROPOUT, undefined, dropoutSeed) as Tensor2D;

    // recent[b] = the session's h's most recent first, flattened: [B, L·d], zero before its start.
    const padded = tf.concat([h, tf.zeros([1, d])], 0) as Tensor2D;
    const recent = tf.reshape(gatherRows(padded, this.recentIndex(batch)), [B, L * d]) as Tensor2D;
    const queries = multiLevelQueries(recent, this.queryWeights as Tensor2D[], tf.concat(this.queryBiases as Tensor1D[]) as Tensor1D);
    const q = tf.reshape(l2Normalize(tf.reshape(queries, [B, L, d]), 1), [B * L, d]) as Tensor2D; // across the queries

    // Both heads at once: [H, B·L, d/H] projections viewed as H·B per-session matrices.
    const H = ATTMIX_HEADS;
    const qh = tf.reshape(this.project(q, this.attQuery), [H * B, L, -1]) as Tensor3D; // [H·B, queries, d/H]
    const kh = tf.reshape(this.project(h, this.attKey), [H * B, L, -1]) as Tensor3D; // [H·B, positions, d/H]
    const vh = tf.reshape(this.project(h, this.attValue), [H * B, L, -1]) as Tensor3D;
    const scores = tf.sigmoid(matMul(qh, tf.transpose(kh, [0, 2, 1]))); // [H·B, queries, positions]
    const perQuery = tf.softmax(tf.mul(scores, SOFTMAX_SCALE)); // over positions
    const pooled = tf.reshape(tf.sum(perQuery, 1), [H, B, L]); // LP-pool (p = 1) over the queries
    const penalty = tf.mul(tf.sub(1, batch.mask), MASKED_LOGIT); // −∞ at padding
    let w = tf.reshape(tf.softmax(tf.mul(tf.add(pooled, penalty), SOFTMAX_SCALE)), [H * B, L]) as Tensor2D;
    if (training) w = tf.dropout(w, DROPOUT, undefined, dropoutSeed + 1) as Tensor2D;
    // Each head's weights pool its own slice of V (zero at padding already: exp underflows, as the
    // reference's extra × mask makes it); the heads side by side.
    const perHead = tf.reshape(weightedSum(vh, tf.expandDims(w, 2) as Tensor3D), [H, B, -1]);
    const heads = Array.from({ length: H }, (_, k) => tf.reshape(tf.slice(perHead, [k, 0, 0], [1, B, d / H]), [B, d / H]) as Tensor2D);
    const attended = layerNorm(tf.concat(heads, 1) as Tensor2D, this.normGain as Tensor1D, this.normBias as Tensor1D, ATTMIX_LAYER_NORM_EPS);
    const hLast = tf.slice(recent, [0, 0], [B, d]) as Tensor2D;
    const a = affine(tf.concat([attended, hLast], 1) as Tensor2D, this.output.w as Tensor2D, this.output.b as Tensor1D);
    return l2Normalize(a, 1);
  }

  /** Raw output embeddings: the reference scores ⟨a/‖a‖, Out_v⟩ without normalising Out. */
  itemEmbeddings(items: Tensor1D): Tensor2D {
    return gatherRows(this.outTable as Tensor2D, items);
  }

  catalogueEmbeddingsT(): Tensor2D {
    return tf.transpose(tf.slice(this.outTable, [0, 0], [this.shape.itemCount, this.shape.dim])) as Tensor2D;
  }

  /** A d → d projection of x [B·L, d], cut into the heads: [H, B·L, d/H], head k = channels k·d/H …. */
  private project(x: Tensor2D, layer: Linear): Tensor3D {
    return headAffine(x, layer.w as Tensor2D, layer.b as Tensor1D, ATTMIX_HEADS);
  }

  /** Flat indices into [B·L + 1, d] (the extra row is zero) for the most-recent-first view. */
  private recentIndex(batch: SessionBatch): Tensor1D {
    const { size: B, maxLength: L } = batch;
    const zeroRow = B * L;
    const idx = new Int32Array(B * L);
    for (let b = 0; b < B; b++) {
      const last = batch.lastPositions[b] as number;
      for (let j = 0; j < L; j++) idx[b * L + j] = last - j >= 0 ? b * L + last - j : zeroRow;
    }
    return tf.tensor1d(idx, 'int32');
  }
}
