import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultDrillOptions, DrillUsageError, parseDrillArgs } from './drill-options';

const defaults = defaultDrillOptions('/repo', {});

describe('parseDrillArgs', () => {
  it('keeps the outside tester’s run and fault mix by default', () => {
    const options = parseDrillArgs([], defaults);
    assert.deepEqual(options.scenarios, ['a', 'b', 'c', 'd', 'e', 'f']);
    assert.equal(options.budget, 60);
    assert.equal(options.maxSteps, 100);
    assert.deepEqual(options.faults, { '429': 0.07, '529': 0.07, '500': 0.06, malformed: 0.05, 'off-candidate': 0.03, hang: 0.02 });
    assert.equal(options.latencyMs, 300);
    assert.equal(options.llmTimeoutMs, 5_000);
  });

  it('runs scenario a first, whatever is asked: every other scenario is compared with it', () => {
    assert.deepEqual(parseDrillArgs(['--scenarios', 'd,b'], defaults).scenarios, ['a', 'b', 'd']);
    assert.deepEqual(parseDrillArgs(['--scenarios', 'a'], defaults).scenarios, ['a']);
  });

  it('takes every option', () => {
    const options = parseDrillArgs(
      ['--budget', '20', '--seed', '3', '--max-steps', '30', '--items', '150', '--sessions', '200', '--repeated', '10', '--latency-ms', '0',
        '--fault-hang', '0', '--fault-429', '0.5', '--llm-timeout-ms', '2000', '--timeout-s', '90', '--out', '/tmp/d', '--keep'],
      defaults,
    );
    assert.deepEqual(
      { budget: options.budget, seed: options.seed, maxSteps: options.maxSteps, dataset: options.dataset, latencyMs: options.latencyMs, hang: options.faults.hang, p429: options.faults['429'] },
      { budget: 20, seed: 3, maxSteps: 30, dataset: { items: 150, sessions: 200, repeated: 10, seed: 3 }, latencyMs: 0, hang: 0, p429: 0.5 },
    );
    assert.deepEqual([options.llmTimeoutMs, options.scenarioTimeoutMs, options.outDir, options.keepSchemas], [2000, 90_000, '/tmp/d', true]);
  });

  it('refuses bad values naming the flag', () => {
    assert.throws(() => parseDrillArgs(['--scenarios', 'a,z'], defaults), /--scenarios takes letters among a,b,c,d,e,f, got "a,z"/);
    assert.throws(() => parseDrillArgs(['--budget', '0'], defaults), /--budget must be an integer ≥ 1, got "0"/);
    assert.throws(() => parseDrillArgs(['--budget', '2.5'], defaults), /--budget must be an integer/);
    assert.throws(() => parseDrillArgs(['--fault-500', '1.5'], defaults), /--fault-500 must be a probability in \[0, 1\], got "1.5"/);
    assert.throws(() => parseDrillArgs(['--fault-429', '0.9', '--fault-529', '0.2'], defaults), /the fault probabilities sum to 1\.2\d* > 1/);
    assert.throws(() => parseDrillArgs(['--items', '50'], defaults), /--items must be an integer ≥ 51/);
    assert.throws(() => parseDrillArgs(['--frobnicate'], defaults), DrillUsageError);
  });
});
