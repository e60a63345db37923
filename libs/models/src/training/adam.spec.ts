import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../backend';
import { tf, type Scalar, type Variable } from '../tf';
import { createAdam, type StepOptimizer } from './adam';

/** A small regression with a table-like variable (size not a multiple of 4) and a bias. */
function problem(seed: number) {
  const table = tf.variable(tf.randomNormal([37, 7], 0, 0.5, 'float32', seed), true);
  const bias = tf.variable(tf.randomNormal([7], 0, 0.5, 'float32', seed + 1), true);
  const x = tf.randomNormal([64, 37], 0, 1, 'float32', 99);
  const y = tf.randomNormal([64, 7], 0, 1, 'float32', 98);
  const loss = (): Scalar => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, table), bias), y))) as Scalar;
  return { variables: [table, bias] as Variable[], loss };
}

function train(optimizer: StepOptimizer, seed: number, steps: number): { weights: Float32Array[]; costs: number[] } {
  const { variables, loss } = problem(seed);
  const costs: number[] = [];
  for (let step = 0; step < steps; step++) {
    const cost = optimizer.minimize(loss, true, variables);
    costs.push((cost as Scalar).dataSync()[0] as number);
    cost?.dispose();
  }
  const weights = variables.map((v) => v.dataSync() as Float32Array);
  optimizer.dispose();
  return { weights, costs };
}

describe(createAdam.name, () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('is not tf.train.adam on the wasm backend (the fused update is what runs)', () => {
    const optimizer = createAdam(0.01);
    assert.equal(optimizer instanceof tf.AdamOptimizer, false);
    optimizer.dispose();
  });

  it('gives the same weights as tf.train.adam, bit for bit, over many steps', () => {
    const fused = train(createAdam(0.01), 1, 60);
    const reference = train(tf.train.adam(0.01), 1, 60);
    assert.deepEqual(fused.costs, reference.costs);
    for (const [i, weights] of fused.weights.entries()) {
      assert.deepEqual(Buffer.from(weights.buffer), Buffer.from((reference.weights[i] as Float32Array).buffer), `variable ${i}`);
    }
    assert.ok((fused.costs.at(-1) as number) < (fused.costs[0] as number), 'the loss went down');
  });

  it('leaves a clone of a variable (a checkpoint snapshot) untouched', () => {
    const { variables, loss } = problem(7);
    const before = tf.clone(variables[0] as Variable);
    const copy = Float32Array.from(before.dataSync() as Float32Array);
    const optimizer = createAdam(0.1);
    optimizer.minimize(loss, false, variables);
    assert.deepEqual(before.dataSync(), copy);
    assert.notDeepEqual((variables[0] as Variable).dataSync(), copy);
    optimizer.dispose();
  });

  it('falls back to tf.train.adam on the cpu backend', async () => {
    await initBackend('cpu');
    try {
      const optimizer = createAdam(0.01);
      assert.ok(optimizer instanceof tf.AdamOptimizer);
      optimizer.dispose();
    } finally {
      await initBackend('wasm');
    }
  });
});
