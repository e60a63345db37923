import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunProgress } from '@alkdrec/contracts';
import { ProgressRecorder } from './progress-recorder';

const at = (done: number): RunProgress => ({ stage: 'rank', stageIndex: 5, stageCount: 7, done, total: 10, finished: [] });
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe(ProgressRecorder.name, () => {
  it('writes the first report at once, folds later ones within the interval into the latest, and writes it at close', async () => {
    const saved: number[] = [];
    // An interval no test outlasts: only the first write and close() can write.
    const recorder = new ProgressRecorder(async (p) => void saved.push(p.done), 3_600_000, () => assert.fail('no error'));
    recorder.record(at(1));
    for (const done of [2, 3, 4]) recorder.record(at(done));
    await tick();
    assert.deepEqual(saved, [1]);
    await recorder.close();
    assert.deepEqual(saved, [1, 4]);
    await recorder.close();
    assert.deepEqual(saved, [1, 4], 'nothing pending, nothing written');
  });

  it('reports a failed write and goes on with the next', async () => {
    const errors: string[] = [];
    let fail = true;
    const saved: number[] = [];
    const recorder = new ProgressRecorder(
      async (p) => {
        if (fail) throw new Error('database restarting');
        saved.push(p.done);
      },
      3_600_000,
      (error) => errors.push(error.message),
    );
    recorder.record(at(1)); // written at once: fails
    await tick();
    fail = false;
    recorder.record(at(2));
    await recorder.close();
    assert.deepEqual([errors, saved], [['database restarting'], [2]]);
  });
});
