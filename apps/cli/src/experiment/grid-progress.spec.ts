import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { RunState } from '@alkdrec/contracts';
import { formatDuration } from '../output/format-duration';
import { describeGridProgress, gridProgress } from './grid-progress';

const states = (list: (RunState | undefined)[]) => new Map(list.map((state, i) => [`run-${i}`, state]));

describe('gridProgress', () => {
  it('counts runs by state and estimates the time left from this invocation\'s pace', () => {
    const progress = gridProgress(states(['SUCCEEDED', 'SUCCEEDED', 'FAILED', 'RUNNING', 'RUNNING', undefined, undefined, undefined]), 2, 60_000);
    assert.deepEqual({ ...progress, etaMs: undefined }, { total: 8, succeeded: 2, failed: 1, cancelled: 0, running: 2, pending: 3, etaMs: undefined });
    // 2 runs in 60 s → 30 s a run; 5 left.
    assert.equal(progress.etaMs, 150_000);
  });

  it('does not estimate before a run has finished here (runs finished by an earlier invocation do not count)', () => {
    assert.equal(gridProgress(states(['SUCCEEDED', 'RUNNING']), 0, 10_000).etaMs, null);
    assert.equal(gridProgress(states(['SUCCEEDED', 'SUCCEEDED']), 1, 10_000).etaMs, 0);
  });

  it('describes it in one line', () => {
    const line = describeGridProgress('paper', gridProgress(states(['SUCCEEDED', 'CANCELLED', 'RUNNING', undefined]), 1, 90_000), formatDuration);
    assert.equal(line, 'experiment paper: 2/4 runs finished (50 %; 1 cancelled), 1 running, 1 to submit — about 3m 0.0s left');
  });
});
