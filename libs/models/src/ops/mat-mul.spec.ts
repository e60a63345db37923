import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../backend';
import { tf } from '../tf';
import { matMul } from './mat-mul';

describe('matMul', () => {
  before(async () => {
    await initBackend('wasm');
  });

  for (const [label, aShape, bShape] of [
    ['2-D', [3, 4], [4, 2]],
    ['3-D batched', [2, 3, 4], [2, 4, 5]],
    // Vector operands: their transposes are reshapes.
    ['2-D by a column vector', [5, 4], [4, 1]],
    ['2-D row vector by a matrix', [1, 4], [4, 3]],
    ['3-D batched by column vectors', [2, 3, 4], [2, 4, 1]],
    // A tall operand times a column: ∂/∂b is taken as (gᵀ·a)ᵀ.
    ['tall by a column vector', [64, 6], [6, 1]],
    ['3-D tall by column vectors', [2, 40, 5], [2, 5, 1]],
  ] as const) {
    it(`${label}: same value and gradients as tf.matMul`, () => {
      const a = tf.randomNormal([...aShape], 0, 1, 'float32', 1);
      const b = tf.randomNormal([...bShape], 0, 1, 'float32', 2);
      const weight = tf.randomNormal(tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D).shape, 0, 1, 'float32', 3);
      const loss = (f: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor) => (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(f(x, y), weight));
      const expected = tf.grads(loss((x, y) => tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D)))([a, b]);
      const actual = tf.grads(loss((x, y) => matMul(x, y)))([a, b]);
      assertClose(matMul(a, b), tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D));
      assertClose(actual[0] as tf.Tensor, expected[0] as tf.Tensor);
      assertClose(actual[1] as tf.Tensor, expected[1] as tf.Tensor);
    });
  }
});

function assertClose(actual: tf.Tensor, expected: tf.Tensor): void {
  assert.deepEqual(actual.shape, expected.shape);
  const a = actual.dataSync();
  const e = expected.dataSync();
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs((a[i] as number) - (e[i] as number)) < 1e-5, `element ${i}: ${a[i]} vs ${e[i]}`);
}
