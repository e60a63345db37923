import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TrainerProgress } from '@alkdrec/contracts';
import { describeTrainerProgress } from './trainer-progress';

describe(describeTrainerProgress.name, () => {
  const training = (validK: number): TrainerProgress => ({
    phase: 'training', done: 380, total: 10_000, validRecall: 0.06041, bestValidRecall: 0.06333,
    training: { backbone: 'fpmc', role: 'teacher', validK, stepMs: 1_000, validationPassMs: 80 },
  });

  it('names the cut-off the trainer validates with, from its progress', () => {
    assert.equal(describeTrainerProgress(training(25)), 'step 380, valid R@25 0.0604 (best 0.0633)');
    assert.equal(describeTrainerProgress(training(50)), 'step 380, valid R@50 0.0604 (best 0.0633)');
  });

  it('says "recall" when the progress does not say which, and the phase outside training', () => {
    const { training: _omitted, ...bare } = training(25);
    assert.equal(describeTrainerProgress(bare), 'step 380, valid recall 0.0604 (best 0.0633)');
    assert.equal(describeTrainerProgress({ phase: 'saving', done: 1, total: 1 }), 'saving');
  });
});
