import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../backend';
import { tf, type Tensor1D, type Tensor2D } from '../tf';
import { gatherRows } from './gather-rows';

describe('gatherRows', () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('gathers rows and sums the gradient of repeated ids', () => {
    const table = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const ids = tf.tensor1d([2, 0, 2], 'int32') as Tensor1D;
    assert.deepEqual(Array.from(gatherRows(table, ids).dataSync()), [5, 6, 1, 2, 5, 6]);
    const weights = tf.tensor2d([[1, 10], [100, 1000], [2, 20]]);
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherRows(t as Tensor2D, ids), weights)))(table);
    // row 0 ← weights row 1; row 1 ← nothing; row 2 ← weights rows 0 + 2
    assert.deepEqual(Array.from(grad.dataSync()), [100, 1000, 0, 0, 3, 30]);
  });
});
