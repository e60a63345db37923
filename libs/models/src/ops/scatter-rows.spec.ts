import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../backend';
import { tf, type Tensor, type Tensor1D, type Tensor2D } from '../tf';
import { scatterRows } from './scatter-rows';

describe('scatterRows', () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('places rows at distinct positions of a zero matrix, and gathers the gradient back', () => {
    const values = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const rows = tf.tensor1d([4, 0, 2], 'int32') as Tensor1D;
    assert.deepEqual(Array.from(scatterRows(values, rows, 5).dataSync()), [3, 4, 0, 0, 5, 6, 0, 0, 1, 2]);
    const weights = tf.tensor2d([[1, 10], [2, 20], [3, 30], [4, 40], [5, 50]]);
    const grad = tf.grad((v: Tensor) => tf.sum(tf.mul(scatterRows(v as Tensor2D, rows, 5), weights)))(values);
    // row i of the gradient is the weight row it was placed at
    assert.deepEqual(Array.from(grad.dataSync()), [5, 50, 1, 10, 3, 30]);
  });
});
