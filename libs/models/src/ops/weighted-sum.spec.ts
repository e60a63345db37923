import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../backend';
import { tf, type Tensor, type Tensor3D } from '../tf';
import { maskedSum, weightedSum } from './weighted-sum';

describe('weightedSum / maskedSum', () => {
  before(async () => {
    await initBackend('wasm');
  });

  const x = () => tf.randomNormal([6, 5, 9], 0, 1, 'float32', 1) as Tensor3D;
  const w = () => tf.randomNormal([6, 5, 1], 0, 1, 'float32', 2) as Tensor3D;
  const probe = () => tf.randomNormal([6, 9], 0, 1, 'float32', 3);
  const reference = (a: Tensor, b: Tensor) => tf.sum(tf.mul(a, b), 1);

  it('has the values and gradients of sum(x · w, 1), to the bit', () => {
    const loss = (f: (a: Tensor3D, b: Tensor3D) => Tensor) => (a: Tensor, b: Tensor) => tf.sum(tf.mul(f(a as Tensor3D, b as Tensor3D), probe()));
    assert.deepEqual(weightedSum(x(), w()).dataSync(), reference(x(), w()).dataSync());
    const [dx, dw] = tf.grads(loss(weightedSum))([x(), w()]) as [Tensor, Tensor];
    const [rx, rw] = tf.grads(loss(reference))([x(), w()]) as [Tensor, Tensor];
    assert.deepEqual(dx.shape, rx.shape);
    assert.deepEqual(dw.shape, rw.shape);
    assert.deepEqual(dx.dataSync(), rx.dataSync());
    assert.deepEqual(dw.dataSync(), rw.dataSync());
  });

  it('maskedSum: the same value and x-gradient, and no gradient for the mask', () => {
    const mask = tf.tensor3d(Array.from({ length: 30 }, (_, i) => (i % 4 === 0 ? 0 : 1)), [6, 5, 1]);
    assert.deepEqual(maskedSum(x(), mask).dataSync(), reference(x(), mask).dataSync());
    const dx = tf.grad((a: Tensor) => tf.sum(tf.mul(maskedSum(a as Tensor3D, mask), probe())))(x());
    const rx = tf.grad((a: Tensor) => tf.sum(tf.mul(reference(a, mask), probe())))(x());
    assert.deepEqual(dx.dataSync(), rx.dataSync());
    const dm = tf.grads((a: Tensor, m: Tensor) => tf.sum(maskedSum(a as Tensor3D, m as Tensor3D)))([x(), mask])[1] as Tensor;
    assert.ok((dm.dataSync() as Float32Array).every((value) => value === 0));
  });
});
