import type { Rng } from '@alkdrec/recsys';
import { tf, type Tensor1D, type Tensor2D, type Tensor3D, type Variable } from '../tf';
import { gatherRows } from '../ops/gather-rows';
import { maskedSum } from '../ops/weighted-sum';
import type { Backbone, BackboneShape, SessionBatch } from './backbone';
import { normalVariable, variablePrefix, xavierStd } from './init';

/**
 * FPMC as the reference implements it, which is really mean pooling: u = Σ mask·In[x] / Σ mask.
 * Tables have itemCount + 1 rows; the last is the padding row, initialised to zero.
 */
export class Fpmc implements Backbone {
  readonly name = 'fpmc' as const;
  readonly variables: readonly Variable[];
  private readonly inTable: Variable;
  private readonly outTable: Variable;

  constructor(readonly shape: BackboneShape, rng: Rng) {
    const rows = shape.itemCount + 1;
    const std = xavierStd(rows, shape.dim);
    const p = variablePrefix('fpmc');
    this.inTable = normalVariable(rng, [rows, shape.dim], std, `${p}_in`, shape.itemCount);
    this.outTable = normalVariable(rng, [rows, shape.dim], std, `${p}_out`, shape.itemCount);
    this.variables = [this.inTable, this.outTable];
  }

  encode(batch: SessionBatch): Tensor2D {
    const { size, maxLength } = batch;
    const h = tf.reshape(gatherRows(this.inTable as Tensor2D, tf.reshape(batch.ids, [-1]) as Tensor1D), [size, maxLength, -1]);
    const summed = maskedSum(h as Tensor3D, tf.expandDims(batch.mask, 2) as Tensor3D);
    return tf.div(summed, tf.sum(batch.mask, 1, true));
  }

  itemEmbeddings(items: Tensor1D): Tensor2D {
    return gatherRows(this.outTable as Tensor2D, items);
  }

  catalogueEmbeddingsT(): Tensor2D {
    return tf.transpose(tf.slice(this.outTable, [0, 0], [this.shape.itemCount, this.shape.dim])) as Tensor2D;
  }
}
