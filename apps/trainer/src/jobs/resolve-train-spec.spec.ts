import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TrainSpec } from '@alkdrec/contracts';
import { modelIdFor, resolveTrainSpec } from './resolve-train-spec';

const spec = (over: Record<string, unknown> = {}) =>
  TrainSpec.parse({ dataset: 'movielens-hetrec2011', backbone: 'fpmc', role: 'student', seed: 1, ...over });

describe('resolveTrainSpec', () => {
  it('fills the reference defaults per role', () => {
    const student = resolveTrainSpec(spec()).options;
    assert.equal(student.dim, 10);
    assert.equal(student.patience, 10);
    assert.equal(student.negatives, 'in-batch');
    const teacher = resolveTrainSpec(spec({ role: 'teacher' })).options;
    assert.equal(teacher.dim, 100);
    assert.equal(teacher.patience, 20);
  });
  it('uses uniform BCE for AttMix on MovieLens only, unless told otherwise', () => {
    assert.equal(resolveTrainSpec(spec({ backbone: 'attmix' })).options.negatives, 'uniform-bce');
    assert.equal(resolveTrainSpec(spec({ backbone: 'attmix', dataset: 'amazon-games' })).options.negatives, 'in-batch');
    assert.equal(resolveTrainSpec(spec({ backbone: 'attmix', negatives: 'in-batch' })).options.negatives, 'in-batch');
  });
});

describe('modelIdFor', () => {
  it('is stable for equal specs and changes with any option', () => {
    const id = modelIdFor(resolveTrainSpec(spec()));
    assert.equal(modelIdFor(resolveTrainSpec(spec())), id);
    assert.match(id, /^movielens-hetrec2011\.fpmc\.student\.d10\.s1\.[0-9a-f]{10}$/);
    assert.notEqual(modelIdFor(resolveTrainSpec(spec({ seed: 2 }))), id);
    assert.notEqual(modelIdFor(resolveTrainSpec(spec({ learningRate: 2e-3 }))), id);
    // Spelling out a default does not change the model.
    assert.equal(modelIdFor(resolveTrainSpec(spec({ dim: 10, patience: 10 }))), id);
  });
});
