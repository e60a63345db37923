import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseExposition, ServiceMetrics, sumOf } from '@alkdrec/service-kit';
import { RunInterrupted } from '../jobs/run-interrupted';
import { RunMetrics } from './run-metrics';

describe(RunMetrics.name, () => {
  it('counts drivers started and how each ended: succeeded, failed, cancelled, or interrupted (handed back)', async () => {
    const metrics = new ServiceMetrics({ defaultMetrics: false });
    const runs = new RunMetrics(metrics);
    assert.equal(await runs.observe('alkdrec', async () => 'done'), 'done');
    await assert.rejects(runs.observe('alkdrec', async () => { throw new RunInterrupted('shutdown'); }), RunInterrupted);
    await assert.rejects(runs.observe('random', async () => { throw new Error('stage train failed'); }), /stage train failed/);
    await assert.rejects(runs.observe('random', async () => { throw new RunInterrupted('cancelled'); }), RunInterrupted);
    const e = parseExposition(await metrics.render());
    assert.equal(sumOf(e, 'alkdrec_runs_started_total', { strategy: 'alkdrec' }), 2);
    assert.equal(sumOf(e, 'alkdrec_runs_started_total', { strategy: 'random' }), 2);
    assert.equal(sumOf(e, 'alkdrec_runs_finished_total', { strategy: 'random', state: 'cancelled' }), 1);
    assert.equal(sumOf(e, 'alkdrec_runs_finished_total', { strategy: 'random', state: 'interrupted' }), 0);
    assert.equal(sumOf(e, 'alkdrec_runs_finished_total', { strategy: 'alkdrec', state: 'succeeded' }), 1);
    assert.equal(sumOf(e, 'alkdrec_runs_finished_total', { strategy: 'alkdrec', state: 'interrupted' }), 1);
    assert.equal(sumOf(e, 'alkdrec_runs_finished_total', { strategy: 'random', state: 'failed' }), 1);
  });
});
