import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../backend';
import { tf, type Tensor, type Tensor1D, type Tensor2D } from '../tf';
import { affine } from './affine';
import { headAffine } from './head-affine';
import { multiLevelQueries } from './multi-level-queries';

const normal = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

/** The op and its plain tf composition give the same value and the same gradients for every input. */
function assertSameAsPlain(inputs: Tensor[], op: (...xs: Tensor[]) => Tensor, plain: (...xs: Tensor[]) => Tensor): void {
  const probe = normal(plain(...inputs).shape, 99);
  const loss = (f: (...xs: Tensor[]) => Tensor) => (...xs: Tensor[]) => tf.sum(tf.mul(f(...xs), probe));
  assertClose(op(...inputs), plain(...inputs));
  const actual = tf.grads(loss(op))(inputs);
  const expected = tf.grads(loss(plain))(inputs);
  actual.forEach((g, i) => assertClose(g, expected[i] as Tensor, `gradient ${i}`));
}

function assertClose(actual: Tensor, expected: Tensor, label = 'value'): void {
  assert.deepEqual(actual.shape, expected.shape, label);
  const a = actual.dataSync();
  const e = expected.dataSync();
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs((a[i] as number) - (e[i] as number)) < 1e-4, `${label}, element ${i}: ${a[i]} vs ${e[i]}`);
}

describe('AttMix ops', () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('multiLevelQueries: block i−1 = recent[:, :i·d]·W_i + b_i, with the gradients of that composition', () => {
    const [B, L, d] = [5, 4, 3];
    const weights = Array.from({ length: L }, (_, i) => normal([(i + 1) * d, d], 10 + i));
    const plain = (recent: Tensor, bias: Tensor, ...ws: Tensor[]) =>
      tf.add(tf.concat(ws.map((w, i) => tf.matMul(tf.slice(recent, [0, 0], [B, (i + 1) * d]) as Tensor2D, w as Tensor2D)), 1), bias);
    const op = (recent: Tensor, bias: Tensor, ...ws: Tensor[]) => multiLevelQueries(recent as Tensor2D, ws as Tensor2D[], bias as Tensor1D);
    assertSameAsPlain([normal([B, L * d], 1), normal([L * d], 2), ...weights], op, plain);
  });

  it('affine: x·W + b and its gradients', () => {
    assertSameAsPlain([normal([7, 4], 1), normal([4, 3], 2), normal([3], 3)],
      (x, w, b) => affine(x as Tensor2D, w as Tensor2D, b as Tensor1D),
      (x, w, b) => tf.add(tf.matMul(x as Tensor2D, w as Tensor2D), b));
  });

  it('headAffine: x·W + b cut into column groups stacked head-major, and its gradients', () => {
    const plain = (x: Tensor, w: Tensor, b: Tensor) => {
      const y = tf.add(tf.matMul(x as Tensor2D, w as Tensor2D), b);
      return tf.stack([tf.slice(y, [0, 0], [7, 3]), tf.slice(y, [0, 3], [7, 3])], 0);
    };
    assertSameAsPlain([normal([7, 4], 1), normal([4, 6], 2), normal([6], 3)],
      (x, w, b) => headAffine(x as Tensor2D, w as Tensor2D, b as Tensor1D, 2), plain);
  });
});
