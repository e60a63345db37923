import type { Rng } from '@alkdrec/recsys';
import { tf, type Tensor1D, type Tensor2D, type Tensor3D, type Variable } from '../tf';
import { gatherRows } from '../ops/gather-rows';
import { matMul } from '../ops/mat-mul';
import { scatterRows } from '../ops/scatter-rows';
import { maskedSum, weightedSum } from '../ops/weighted-sum';
import type { Backbone, BackboneShape, SessionBatch } from './backbone';
import { constantVariable, normalVariable, variablePrefix } from './init';

/**
 * STAMP (Liu et al., KDD 2018) as the reference implements it (REFERENCE §2):
 * m = mean In[x_t]; α_t = w0ᵀ σ(W1 In[x_t] + W2 In[x_last] + W3 m + b) · mask_t (no softmax);
 * u = Σ α_t In[x_t] + m. α is computed at the positions holding an item only (0 at padding).
 */
export class Stamp implements Backbone {
  readonly name = 'stamp' as const;
  readonly variables: readonly Variable[];
  private readonly inTable: Variable;
  private readonly outTable: Variable;
  private readonly w1: Variable;
  private readonly w2: Variable;
  private readonly w3: Variable;
  private readonly w0: Variable;
  private readonly b: Variable;

  constructor(readonly shape: BackboneShape, rng: Rng) {
    const { itemCount, dim } = shape;
    const p = variablePrefix('stamp');
    // Embeddings N(0, 0.002), linear weights N(0, 0.05), biases 0 — the reference's init.
    this.inTable = normalVariable(rng, [itemCount + 1, dim], 0.002, `${p}_in`, itemCount);
    this.outTable = normalVariable(rng, [itemCount + 1, dim], 0.002, `${p}_out`, itemCount);
    this.w1 = normalVariable(rng, [dim, dim], 0.05, `${p}_w1`);
    this.w2 = normalVariable(rng, [dim, dim], 0.05, `${p}_w2`);
    this.w3 = normalVariable(rng, [dim, dim], 0.05, `${p}_w3`);
    this.w0 = normalVariable(rng, [dim, 1], 0.05, `${p}_w0`);
    this.b = constantVariable([dim], 0, `${p}_b`);
    this.variables = [this.inTable, this.outTable, this.w1, this.w2, this.w3, this.w0, this.b];
  }

  encode(batch: SessionBatch): Tensor2D {
    const { size, maxLength } = batch;
    const d = this.shape.dim;
    const flat = gatherRows(this.inTable as Tensor2D, tf.reshape(batch.ids, [-1]) as Tensor1D); // [B·L, d]
    const mask3 = tf.expandDims(batch.mask, 2) as Tensor3D;
    const x = tf.reshape(flat, [size, maxLength, d]) as Tensor3D;
    const mean = tf.div(maskedSum(x, mask3), tf.sum(batch.mask, 1, true)) as Tensor2D;
    const last = gatherRows(flat, batch.lastFlat);
    const perSession = tf.add(tf.add(matMul(last, this.w2 as Tensor2D), matMul(mean, this.w3 as Tensor2D)), this.b);
    // The attention only where an item is: at padding α is zero through the mask anyway, and ~30 %
    // of MovieLens's [B·L] positions (~45 % of amazon-games') are padding — the per-item products
    // are most of a step.
    const items = gatherRows(flat, batch.realFlat); // [n, d]
    const hidden = tf.sigmoid(tf.add(matMul(items, this.w1 as Tensor2D), gatherRows(perSession as Tensor2D, batch.realSession)));
    const scores = matMul(hidden as Tensor2D, this.w0 as Tensor2D); // [n, 1]
    const alpha = tf.reshape(scatterRows(scores, batch.realFlat, size * maxLength), [size, maxLength, 1]) as Tensor3D;
    return tf.add(weightedSum(x, alpha), mean) as Tensor2D;
  }

  itemEmbeddings(items: Tensor1D): Tensor2D {
    return gatherRows(this.outTable as Tensor2D, items);
  }

  catalogueEmbeddingsT(): Tensor2D {
    return tf.transpose(tf.slice(this.outTable, [0, 0], [this.shape.itemCount, this.shape.dim])) as Tensor2D;
  }
}
