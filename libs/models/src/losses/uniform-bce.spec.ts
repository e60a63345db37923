import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../backend';
import { tf, type Tensor, type Tensor2D, type Tensor3D } from '../tf';
import { uniformBce } from './uniform-bce';

const softplus = (x: number) => Math.log1p(Math.exp(x));
const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * (b[i] as number), 0);

describe('uniformBce (negatives per session)', () => {
  before(async () => {
    await initBackend('wasm');
  });

  const u = [[0.3, -1.2, 0.5], [1.1, 0.4, -0.7]];
  const p = [[0.5, 0.2, -0.3], [-1.0, 0.7, 0.4]];
  const negatives = [[[0.9, -0.6, 0.2], [0.1, 0.1, 1.3]], [[-0.4, 0.8, 0.3], [0.2, -0.5, -0.9]]];

  for (const perSession of [1, 2]) {
    it(`scores each session against its own ${perSession} negative(s) only`, () => {
      const own = negatives.map((n) => n.slice(0, perSession));
      let posTerm = 0;
      let negTerm = 0;
      u.forEach((ub, b) => {
        posTerm += softplus(-dot(ub, p[b] as number[]));
        for (const n of own[b] as number[][]) negTerm += softplus(dot(ub, n));
      });
      const expected = posTerm / u.length + negTerm / (u.length * perSession);
      const value = uniformBce(tf.tensor2d(u), tf.tensor2d(p), tf.tensor3d(own) as Tensor3D).dataSync()[0] as number;
      assert.ok(Math.abs(value - expected) < 1e-6, `${value} vs ${expected}`);
    });
  }

  it("a session's gradient ignores the other sessions' negatives", () => {
    const gradOfU = (negs: number[][][]) =>
      tf.grad((x: Tensor) => uniformBce(x as Tensor2D, tf.tensor2d(p), tf.tensor3d(negs) as Tensor3D))(tf.tensor2d(u)).arraySync() as number[][];
    const changed = negatives.map((n, b) => (b === 1 ? n.map((row) => row.map((v) => v * -3)) : n));
    const before = gradOfU(negatives);
    const after = gradOfU(changed);
    assert.deepEqual(after[0], before[0]);
    assert.notDeepEqual(after[1], before[1]);
  });
});
