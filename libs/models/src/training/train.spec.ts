import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../backend';
import { tf } from '../tf';
import { disposeModel } from '../checkpoint/checkpoint';
import { evaluateModel } from '../evaluation/evaluate';
import { chainSessions } from '../testing/synthetic';
import { nextItemExamples } from './examples';
import { trainModel } from './train';
import { defaultTrainOptions, type TrainOptions } from './train-options';

const ITEMS = 60;
const train = chainSessions(600, ITEMS, 1);
const valid = chainSessions(100, ITEMS, 2);

function options(backbone: TrainOptions['backbone'], seed: number, extra: Partial<TrainOptions> = {}): TrainOptions {
  return { ...defaultTrainOptions(backbone, 'student', seed), batchSize: 64, learningRate: 0.05, maxSteps: 120, evalEvery: 20, dim: 8, ...extra };
}

describe('trainModel', () => {
  before(async () => {
    await initBackend('wasm');
  });

  for (const backbone of ['fpmc', 'stamp', 'attmix'] as const) {
    it(`${backbone} learns a deterministic successor far above chance`, async () => {
      const extra = backbone === 'stamp' ? { learningRate: 0.02, maxSteps: 200 } : {};
      const out = await trainModel({ itemCount: ITEMS, examples: nextItemExamples(train), valid }, options(backbone, 1, extra));
      const { metrics } = evaluateModel(out.model, valid);
      // Chance recall@10 is about 10/60; a model that learned the successor is near 1.
      assert.ok(metrics.recall10 > 0.5, `${backbone} recall@10 ${metrics.recall10}`);
      assert.equal(out.bestValidRecall, Math.max(...out.history.map((h) => h.validRecall)));
      disposeModel(out.model);
    });
  }

  it('attmix learns with BCE against per-session uniform negatives too', async () => {
    const out = await trainModel({ itemCount: ITEMS, examples: nextItemExamples(train), valid }, options('attmix', 1, { negatives: 'uniform-bce', uniformNegatives: 5 }));
    const { metrics } = evaluateModel(out.model, valid);
    assert.ok(metrics.recall10 > 0.5, `attmix (uniform-bce) recall@10 ${metrics.recall10}`);
    disposeModel(out.model);
  });

  it('repeats exactly for a seed and differs for another', async () => {
    const run = async (seed: number): Promise<number[]> => {
      const out = await trainModel({ itemCount: ITEMS, examples: nextItemExamples(train), valid }, options('fpmc', seed, { maxSteps: 40 }));
      const values = Array.from(out.model.variables[0]?.dataSync() ?? []);
      disposeModel(out.model);
      return values;
    };
    const a = await run(5);
    assert.deepEqual(await run(5), a);
    assert.notDeepEqual(await run(6), a);
  });

  it('stops after `patience` validations without improvement and restores the best', async () => {
    // A learning rate of ~0 cannot improve on the first check.
    const out = await trainModel(
      { itemCount: ITEMS, examples: nextItemExamples(train), valid },
      options('fpmc', 1, { learningRate: 1e-12, maxSteps: 10_000, patience: 3 }),
    );
    assert.equal(out.stoppedEarly, true);
    assert.equal(out.steps, 20 * 4);
    assert.equal(out.bestStep, 20);
    const { ranks } = evaluateModel(out.model, valid);
    assert.equal(ranks.filter((r) => r < 25).length / valid.length, out.bestValidRecall);
    disposeModel(out.model);
  });

  it('leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const out = await trainModel({ itemCount: ITEMS, examples: nextItemExamples(train), valid }, options('attmix', 1, { maxSteps: 20 }));
    disposeModel(out.model);
    assert.equal(tf.memory().numTensors, before);
  });
});

describe('defaultTrainOptions', () => {
  it('draws 10 uniform negatives per session for a teacher and 1 for a student (the reference notebooks)', () => {
    assert.equal(defaultTrainOptions('attmix', 'teacher', 1).uniformNegatives, 10);
    assert.equal(defaultTrainOptions('attmix', 'student', 1).uniformNegatives, 1);
  });
});
