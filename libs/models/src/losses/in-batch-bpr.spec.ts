import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../backend';
import { tf, type Tensor2D } from '../tf';
import { inBatchBpr } from './in-batch-bpr';

/** The textbook formula, left to autodiff: −mean_{i≠j} log σ(S_ii − S_ij). */
function plainBpr(u: Tensor2D, p: Tensor2D): tf.Scalar {
  const b = u.shape[0];
  const s = tf.matMul(u, tf.transpose(p));
  const diag = tf.sum(tf.mul(u, p), 1, true);
  const offDiagonal = tf.sub(1, tf.eye(b));
  return tf.div(tf.sum(tf.mul(tf.softplus(tf.sub(s, diag)), offDiagonal)), b * (b - 1)) as tf.Scalar;
}

describe('inBatchBpr', () => {
  before(async () => {
    await initBackend('wasm');
  });

  const u = tf.tensor2d([[0.3, -1.2, 0.5], [1.1, 0.4, -0.7], [-0.2, 0.9, 0.8], [0.6, 0.1, -1.5]]);
  const p = tf.tensor2d([[0.5, 0.2, -0.3], [-1.0, 0.7, 0.4], [0.9, -0.6, 0.2], [0.1, 0.1, 1.3]]);

  it('has the value of the plain formula', () => {
    const expected = plainBpr(u, p).dataSync()[0] as number;
    assert.ok(Math.abs((inBatchBpr(u, p, true).dataSync()[0] as number) - expected) < 1e-6);
    assert.ok(Number.isNaN(inBatchBpr(u, p, false).dataSync()[0]));
  });

  it('has the gradient of the plain formula, with or without the value', () => {
    const [eu, ep] = tf.grads((a: tf.Tensor, b: tf.Tensor) => plainBpr(a as Tensor2D, b as Tensor2D))([u, p]);
    for (const withValue of [true, false]) {
      const [gu, gp] = tf.grads((a: tf.Tensor, b: tf.Tensor) => inBatchBpr(a as Tensor2D, b as Tensor2D, withValue))([u, p]);
      assertClose(gu as tf.Tensor, eu as tf.Tensor);
      assertClose(gp as tf.Tensor, ep as tf.Tensor);
    }
  });
});

function assertClose(actual: tf.Tensor, expected: tf.Tensor): void {
  const a = actual.dataSync();
  const e = expected.dataSync();
  assert.equal(a.length, e.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs((a[i] as number) - (e[i] as number)) < 1e-6, `element ${i}: ${a[i]} vs ${e[i]}`);
}
