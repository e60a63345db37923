import type { Rng } from '@alkdrec/recsys';
import { tf, type Tensor1D, type Tensor2D, type Tensor3D, type Variable } from '../tf';
import { gatherRows } from '../ops/gather-rows';
import { l2Normalize, layerNorm } from '../ops/normalize';
import { weightedSum } from '../ops/weighted-sum';
import type { Backbone, BackboneShape, SessionBatch } from './backbone';
import { constantVariable, uniformVariable, variablePrefix } from './init';

const HEADS = 2;
const DROPOUT = 0.1;
/** The reference scales attention logits by 2 before each softmax. */
const SOFTMAX_SCALE = 2;

/**
 * AttMix (Atten-Mixer, Zhang et al., WSDM 2023), faithful in spirit to the reference (REFERENCE §2):
 * - h_t = normalise(In[x_t]) · mask_t, dropout 0.1 in training;
 * - query i (1..L) = Linear_i(concatenation of the last i h's, most recent first; positions before
 *   the session start read the zero padding slot); the L queries are L2-normalised across queries;
 * - 2 heads: sigmoid(q·h) scores, softmax over positions (×2), summed over the L queries, masked,
 *   softmax again (×2), dropout; the two heads' position weights are averaged (the reference keeps
 *   one weight vector per head and sums the heads' pooled outputs; averaging the weights is the same
 *   up to a factor 2 absorbed by LayerNorm);
 * - pooled = Σ_t w_t · Linear(h_t), LayerNorm; a = Linear([pooled; h_last]);
 * - score = ⟨a/‖a‖, Out_v/‖Out_v‖⟩.
 * Differences from the reference: the padding slot is a dedicated id rather than item 0.
 */
export class AttMix implements Backbone {
  readonly name = 'attmix' as const;
  readonly variables: readonly Variable[];
  private readonly inTable: Variable;
  private readonly outTable: Variable;
  private readonly queryWeights: Variable[];
  private readonly queryBiases: Variable[];
  private readonly valueW: Variable;
  private readonly valueB: Variable;
  private readonly normGain: Variable;
  private readonly normBias: Variable;
  private readonly outW: Variable;
  private readonly outB: Variable;

  constructor(readonly shape: BackboneShape, rng: Rng) {
    const { itemCount, dim, maxLength } = shape;
    if (dim % HEADS !== 0) throw new RangeError(`AttMix needs a latent size divisible by ${HEADS}, got ${dim}`);
    const p = variablePrefix('attmix');
    const bound = 1 / Math.sqrt(dim); // the reference initialises every parameter U(−1/√d, 1/√d)
    this.inTable = uniformVariable(rng, [itemCount + 1, dim], bound, `${p}_in`, itemCount);
    this.outTable = uniformVariable(rng, [itemCount + 1, dim], bound, `${p}_out`, itemCount);
    this.queryWeights = [];
    this.queryBiases = [];
    for (let i = 1; i <= maxLength; i++) {
      this.queryWeights.push(uniformVariable(rng, [i * dim, dim], bound, `${p}_q${i}_w`));
      this.queryBiases.push(uniformVariable(rng, [dim], bound, `${p}_q${i}_b`));
    }
    this.valueW = uniformVariable(rng, [dim, dim], bound, `${p}_v_w`);
    this.valueB = uniformVariable(rng, [dim], bound, `${p}_v_b`);
    this.normGain = constantVariable([dim], 1, `${p}_ln_g`);
    this.normBias = constantVariable([dim], 0, `${p}_ln_b`);
    this.outW = uniformVariable(rng, [2 * dim, dim], bound, `${p}_o_w`);
    this.outB = uniformVariable(rng, [dim], bound, `${p}_o_b`);
    this.variables = [
      this.inTable, this.outTable, ...this.queryWeights, ...this.queryBiases,
      this.valueW, this.valueB, this.normGain, this.normBias, this.outW, this.outB,
    ];
  }

  encode(batch: SessionBatch, training: boolean, dropoutSeed = 0): Tensor2D {
    const { size: B, maxLength: L } = batch;
    const d = this.shape.dim;
    const mask3 = tf.expandDims(batch.mask, 2);
    const raw = gatherRows(this.inTable as Tensor2D, tf.reshape(batch.ids, [-1]) as Tensor1D);
    let h = tf.mul(tf.reshape(l2Normalize(raw, 1), [B, L, d]), mask3) as Tensor3D;
    if (training) h = tf.dropout(h, DROPOUT, undefined, dropoutSeed) as Tensor3D;

    // Most-recent-first view: reversed[b, j] = h[b, last_b − j], zero before the session start.
    const flatH = tf.concat([tf.reshape(h, [B * L, d]), tf.zeros([1, d])], 0) as Tensor2D;
    const reversed = tf.reshape(gatherRows(flatH, this.reversedIndex(batch)), [B, L, d]);
    const queries: Tensor2D[] = [];
    for (let i = 1; i <= L; i++) {
      const window = tf.reshape(tf.slice(reversed, [0, 0, 0], [B, i, d]), [B, i * d]) as Tensor2D;
      queries.push(tf.add(tf.matMul(window, this.queryWeights[i - 1] as Tensor2D), this.queryBiases[i - 1] as Tensor1D));
    }
    const q = l2Normalize(tf.stack(queries, 1) as Tensor3D, 1); // [B, L(queries), d]

    const headDim = d / HEADS;
    let weights: tf.Tensor2D | undefined;
    for (let k = 0; k < HEADS; k++) {
      const qh = tf.slice(q, [0, 0, k * headDim], [B, L, headDim]) as Tensor3D;
      const hh = tf.slice(h, [0, 0, k * headDim], [B, L, headDim]) as Tensor3D;
      const scores = tf.sigmoid(tf.matMul(qh, tf.transpose(hh, [0, 2, 1]))); // [B, queries, positions]
      const perQuery = tf.softmax(tf.mul(scores, SOFTMAX_SCALE));
      const pooled = tf.sum(perQuery, 1) as Tensor2D; // sum over the queries → [B, positions]
      const masked = tf.add(pooled, tf.mul(tf.sub(1, batch.mask), -1e9));
      const w = tf.softmax(tf.mul(masked, SOFTMAX_SCALE)) as Tensor2D;
      weights = weights ? (tf.add(weights, w) as Tensor2D) : w;
    }
    let w = tf.div(weights as Tensor2D, HEADS) as Tensor2D;
    if (training) w = tf.dropout(w, DROPOUT, undefined, dropoutSeed + 1) as Tensor2D;

    const values = tf.reshape(tf.add(tf.matMul(tf.reshape(h, [B * L, d]), this.valueW as Tensor2D), this.valueB), [B, L, d]) as Tensor3D;
    const pooled = weightedSum(values, tf.expandDims(w, 2) as Tensor3D);
    const normed = layerNorm(pooled, this.normGain as Tensor1D, this.normBias as Tensor1D);
    const hLast = tf.reshape(tf.slice(reversed, [0, 0, 0], [B, 1, d]), [B, d]) as Tensor2D;
    const a = tf.add(tf.matMul(tf.concat([normed, hLast], 1), this.outW as Tensor2D), this.outB) as Tensor2D;
    return l2Normalize(a, 1);
  }

  itemEmbeddings(items: Tensor1D): Tensor2D {
    return l2Normalize(gatherRows(this.outTable as Tensor2D, items), 1);
  }

  catalogueEmbeddingsT(): Tensor2D {
    const table = tf.slice(this.outTable, [0, 0], [this.shape.itemCount, this.shape.dim]) as Tensor2D;
    return tf.transpose(l2Normalize(table, 1)) as Tensor2D;
  }

  /** Flat indices into [B·L + 1, d] (the extra row is zero) for the most-recent-first view. */
  private reversedIndex(batch: SessionBatch): Tensor1D {
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
