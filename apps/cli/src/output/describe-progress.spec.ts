import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TrainerProgress } from '@alkdrec/contracts';
import { describeProgress, phaseEta, ProgressLineThrottle } from './describe-progress';

describe(describeProgress.name, () => {
  it('shows counts with units, recalls and the message', () => {
    assert.equal(
      describeProgress({ phase: 'training', done: 340, total: 10_000, validRecall: 0.01234, bestValidRecall: 0.015, message: 'patience 3/10' }),
      'training 340/10000 steps · valid recall 0.01234 (best 0.01500) · patience 3/10',
    );
    assert.equal(describeProgress({ phase: 'loading', done: 0, total: 1 }), 'loading 0/1');
    assert.equal(describeProgress({ phase: 'evaluating', done: 5, total: 10 }), 'evaluating 5/10 sessions');
  });
});

describe(ProgressLineThrottle.name, () => {
  const at = (phase: TrainerProgress['phase'], done: number, total = 100): TrainerProgress => ({ phase, done, total });

  it('prints phase changes and each new tenth, not every update', () => {
    let clock = 0;
    const throttle = new ProgressLineThrottle(60_000, () => clock);
    const printed = [at('loading', 0, 1), at('training', 1), at('training', 5), at('training', 10), at('training', 19), at('training', 20), at('evaluating', 0)]
      .filter((p) => {
        clock += 10;
        return throttle.shouldPrint(p);
      })
      .map((p) => `${p.phase}:${p.done}`);
    assert.deepEqual(printed, ['loading:0', 'training:1', 'training:10', 'training:20', 'evaluating:0']);
  });

  it('prints at least every interval while progress trickles in', () => {
    let clock = 0;
    const throttle = new ProgressLineThrottle(1_000, () => clock);
    assert.equal(throttle.shouldPrint(at('training', 1, 1000)), true);
    clock = 500;
    assert.equal(throttle.shouldPrint(at('training', 2, 1000)), false);
    clock = 1_600;
    assert.equal(throttle.shouldPrint(at('training', 3, 1000)), true);
  });
});

describe(phaseEta.name, () => {
  it('extrapolates the rate since the phase began', () => {
    // 20 steps in 4 s since the phase began at step 0: 80 more steps take 16 s.
    assert.equal(phaseEta({ at: 1_000, done: 0 }, { phase: 'training', done: 20, total: 100 }, 5_000), 'eta 16.0s');
  });

  it('stays empty without a rate or once the phase is complete', () => {
    assert.equal(phaseEta({ at: 0, done: 0 }, { phase: 'evaluating', done: 0, total: 1 }, 5_000), '');
    assert.equal(phaseEta({ at: 0, done: 0 }, { phase: 'training', done: 10, total: 10 }, 5_000), '');
  });
});
