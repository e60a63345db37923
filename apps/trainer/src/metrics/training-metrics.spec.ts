import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TrainerProgress } from '@alkdrec/contracts';
import { parseExposition, ServiceMetrics, sumOf } from '@alkdrec/service-kit';
import { TrainingMetrics } from './training-metrics';

const at = (done: number, stepMs: number, validRecall: number, role: 'student' | 'distilled' = 'student', validK = 25): TrainerProgress => ({
  phase: 'training',
  done,
  total: 100,
  validRecall,
  bestValidRecall: validRecall,
  training: { backbone: 'stamp', role, validK, stepMs, validationPassMs: 250 },
});

describe(TrainingMetrics.name, () => {
  it('counts steps between reports, their rate over step time, the latest recall@k and each validation pass', async () => {
    const metrics = new ServiceMetrics({ defaultMetrics: false });
    const training = new TrainingMetrics(metrics);
    training.progress('job-1', at(20, 400, 0.1));
    training.progress('job-1', at(40, 1_400, 0.15));
    training.progress('job-1', { phase: 'saving', done: 40, total: 40 });
    training.progress('job-2', at(20, 2_000, 0.3, 'distilled', 50));
    const e = parseExposition(await metrics.render());
    const student = { backbone: 'stamp', role: 'student' };
    assert.equal(sumOf(e, 'alkdrec_training_steps_total', student), 40);
    assert.equal(sumOf(e, 'alkdrec_training_steps_per_second', student), 20, '20 steps in the last 1,000 ms of step time');
    assert.equal(sumOf(e, 'alkdrec_training_validation_recall', { ...student, k: '25' }), 0.15);
    assert.equal(sumOf(e, 'alkdrec_training_validation_recall', { backbone: 'stamp', role: 'distilled', k: '50' }), 0.3);
    assert.equal(sumOf(e, 'alkdrec_training_steps_per_second', { backbone: 'stamp', role: 'distilled' }), 10);
    assert.equal(sumOf(e, 'alkdrec_training_validation_duration_seconds_count', student), 2);
    assert.equal(sumOf(e, 'alkdrec_training_validation_duration_seconds_sum', student), 0.5);
  });

  it('counts the steps of a retried attempt again from its first step, and never counts a report twice', async () => {
    const metrics = new ServiceMetrics({ defaultMetrics: false });
    const training = new TrainingMetrics(metrics);
    training.progress('job-1', at(20, 400, 0.1));
    training.progress('job-1', at(20, 400, 0.1));
    training.forget('job-1');
    training.progress('job-1', at(20, 500, 0.1));
    training.progress('not-training', { phase: 'training', done: 5, total: 10 });
    training.progress('garbage', 42);
    const e = parseExposition(await metrics.render());
    assert.equal(sumOf(e, 'alkdrec_training_steps_total'), 40);
  });
});
