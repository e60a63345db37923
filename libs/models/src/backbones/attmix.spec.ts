import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '@alkdrec/recsys';
import { initBackend } from '../backend';
import { encodeSessions, type SessionInput } from '../input/session-tensors';
import { uniformBce } from '../losses/uniform-bce';
import { tf, type Tensor1D, type Tensor2D, type Tensor3D, type Variable } from '../tf';
import { AttMix } from './attmix';
import { disposeBatch, toSessionBatch } from './backbone';

const SHAPE = { itemCount: 12, dim: 4, maxLength: 10 };

function encode(model: AttMix, sessions: SessionInput[], training = false): number[][] {
  const batch = toSessionBatch(tf, encodeSessions(sessions, SHAPE.itemCount, SHAPE.maxLength));
  try {
    return tf.tidy(() => model.encode(batch, training, 7)).arraySync();
  } finally {
    disposeBatch(batch);
  }
}

function variable(model: AttMix, suffix: string): Variable {
  const found = model.variables.find((v) => v.name.endsWith(`_${suffix}`));
  assert.ok(found, suffix);
  return found;
}

function set(model: AttMix, suffix: string, values: number[]): void {
  const v = variable(model, suffix);
  v.assign(tf.tensor(values, v.shape));
}

const identity = (d: number) => Array.from({ length: d * d }, (_, i) => (i % (d + 1) === 0 ? 1 : 0));

describe('AttMix', () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('draws every parameter, LayerNorm included, from U(−1/√d, 1/√d); the padding rows are zero', () => {
    const model = new AttMix({ ...SHAPE, dim: 16 }, createRng(1));
    const bound = 1 / Math.sqrt(16);
    assert.equal(model.variables.length, 2 + 2 * SHAPE.maxLength + 6 + 2 + 2);
    for (const v of model.variables) {
      const values = v.dataSync() as Float32Array;
      assert.ok(values.every((x) => Math.abs(x) <= bound), v.name);
      assert.ok(values.some((x) => Math.abs(x) > bound / 2), `${v.name} spans the range`);
    }
    const padding = (name: string) => Array.from(variable(model, name).dataSync().slice(SHAPE.itemCount * 16));
    assert.ok(padding('in').every((x) => x === 0) && padding('out').every((x) => x === 0));
  });

  it('encodes [B, d] unit session vectors, scored against the raw output table', () => {
    const model = new AttMix(SHAPE, createRng(2));
    const u = encode(model, [{ items: [1, 2, 3], next: 0 }, { items: Array.from({ length: 14 }, (_, i) => i % 12), next: 0 }]);
    assert.equal(u.length, 2);
    for (const row of u) assert.ok(Math.abs(Math.hypot(...row) - 1) < 1e-5);
    const out = variable(model, 'out').arraySync() as number[][];
    assert.deepEqual(model.itemEmbeddings(tf.tensor1d([3, 5], 'int32') as Tensor1D).arraySync(), [out[3], out[5]]);
    assert.deepEqual(model.catalogueEmbeddingsT().shape, [SHAPE.dim, SHAPE.itemCount]);
  });

  it('gives padding no weight: a one-item session pools V at its one position', () => {
    const model = new AttMix(SHAPE, createRng(3));
    set(model, 'o_w', [...identity(SHAPE.dim), ...new Array(SHAPE.dim * SHAPE.dim).fill(0)]); // a = LN(pooled) + o_b
    const u = encode(model, [{ items: [5], next: 0 }])[0] as number[];
    const expected = tf.tidy(() => {
      const raw = tf.slice(variable(model, 'in'), [5, 0], [1, SHAPE.dim]);
      const h = tf.div(raw, tf.norm(raw));
      const v = tf.add(tf.matMul(h, variable(model, 'av_w')), variable(model, 'av_b'));
      const { mean, variance } = tf.moments(v, -1, true);
      const ln = tf.add(tf.mul(tf.div(tf.sub(v, mean), tf.sqrt(tf.add(variance, 1e-8))), variable(model, 'ln_g')), variable(model, 'ln_b'));
      const a = tf.add(ln, variable(model, 'o_b'));
      return tf.div(a, tf.norm(a)).dataSync();
    });
    u.forEach((x, c) => assert.ok(Math.abs(x - (expected[c] as number)) < 1e-5, `channel ${c}: ${x} vs ${expected[c]}`));
  });

  it("pools each head's own half of V with that head's weights (concatenated, not averaged)", () => {
    // d = 4, heads of 2 channels. Items 0 and 1 have h = e0 and e1. K and V copy h's channels 0, 1
    // into both heads; head 0's query favours item 0, head 1's item 1 (weights ≈ 0.99 / 0.01).
    const model = new AttMix(SHAPE, createRng(4));
    const d = SHAPE.dim;
    set(model, 'in', Array.from({ length: (SHAPE.itemCount + 1) * d }, (_, i) => (i === 0 || i === d + 1 ? 1 : i < 2 * d ? 0 : 0.3)));
    const copyIntoBothHeads = (scale: number) => [scale, 0, scale, 0, 0, scale, 0, scale, 0, 0, 0, 0, 0, 0, 0, 0];
    set(model, 'ak_w', copyIntoBothHeads(50));
    set(model, 'ak_b', [0, 0, 0, 0]);
    set(model, 'av_w', copyIntoBothHeads(1));
    set(model, 'av_b', [0, 0, 0, 0]);
    set(model, 'aq_w', new Array(d * d).fill(0));
    set(model, 'aq_b', [1, -1, -1, 1]);
    set(model, 'ln_g', [1, 1, 1, 1]);
    set(model, 'ln_b', [0, 0, 0, 0]);
    set(model, 'o_w', [...identity(d), ...new Array(d * d).fill(0)]);
    set(model, 'o_b', [0, 0, 0, 0]);
    const [u0, u1, u2, u3] = encode(model, [{ items: [1, 0], next: 0 }])[0] as number[];
    // Own halves: pooled ≈ [0.99, 0.01 | 0.01, 0.99], u ≈ [.5, −.5, −.5, .5] after LayerNorm; averaged
    // weights would pool [.5, .5 | .5, .5] and leave no difference between the channels.
    assert.ok((u0 as number) - (u1 as number) > 0.5, `head 0 favours item 0: ${u0} vs ${u1}`);
    assert.ok((u3 as number) - (u2 as number) > 0.5, `head 1 favours item 1: ${u3} vs ${u2}`);
  });

  it('passes a gradient to every parameter', () => {
    const model = new AttMix(SHAPE, createRng(5));
    const sessions = [{ items: [1, 2, 3], next: 4 }, { items: [7], next: 2 }, { items: Array.from({ length: 12 }, (_, i) => i), next: 9 }];
    const batch = toSessionBatch(tf, encodeSessions(sessions, SHAPE.itemCount, SHAPE.maxLength));
    try {
      const { grads } = tf.variableGrads(() => {
        const u = model.encode(batch, true, 3);
        const p = model.itemEmbeddings(tf.tensor1d([4, 2, 9], 'int32') as Tensor1D);
        const n = tf.reshape(model.itemEmbeddings(tf.tensor1d([0, 5, 6, 8, 10, 11], 'int32') as Tensor1D), [3, 2, SHAPE.dim]) as Tensor3D;
        return uniformBce(u as Tensor2D, p, n);
      }, model.variables as Variable[]);
      for (const v of model.variables) {
        const g = grads[v.name];
        assert.ok(g, v.name);
        assert.deepEqual(g.shape, v.shape, v.name);
        assert.ok((g.dataSync() as Float32Array).some((x) => x !== 0), `${v.name} gets a gradient`);
        assert.ok((g.dataSync() as Float32Array).every(Number.isFinite), `${v.name} gradient is finite`);
      }
    } finally {
      disposeBatch(batch);
    }
  });
});
