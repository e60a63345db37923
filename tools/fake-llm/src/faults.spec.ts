import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FaultPlanner, validateFaultProbabilities, type FaultContext, type FaultKind } from './faults';

const context = (prompt: string, attempt = 0, overrides: Partial<FaultContext> = {}): FaultContext => ({
  endpoint: 'messages',
  prompt,
  promptHash: `hash-of-${prompt}`,
  attempt,
  isRanking: true,
  ...overrides,
});

describe('FaultPlanner', () => {
  it('applies scheduled rules first, in order, to matching generations only, then stops', () => {
    const planner = new FaultPlanner(0, {}, [
      { fault: 'rate-limit-429', count: 2, promptIncludes: 'X' },
      { fault: 'overloaded-529', count: 1, endpoint: 'chat-completions' },
    ]);
    assert.equal(planner.decide(context('no match')), undefined);
    assert.equal(planner.decide(context('has X')), 'rate-limit-429');
    assert.equal(planner.decide(context('chat', 0, { endpoint: 'chat-completions' })), 'overloaded-529');
    assert.equal(planner.decide(context('X again')), 'rate-limit-429');
    assert.equal(planner.decide(context('X third time')), undefined);
    assert.equal(planner.decide(context('chat', 1, { endpoint: 'chat-completions' })), undefined);
    planner.reset();
    assert.equal(planner.decide(context('X after reset')), 'rate-limit-429');
  });

  it('decides by (seed, prompt, attempt): the same question gets the same fault in any order', () => {
    const probabilities = { 'rate-limit-429': 0.3, hang: 0.2 };
    const questions = Array.from({ length: 200 }, (_, i) => context(`p${i % 50}`, Math.floor(i / 50)));
    const a = new FaultPlanner(7, probabilities, []);
    const b = new FaultPlanner(7, probabilities, []);
    const forward = questions.map((q) => a.decide(q));
    const backward = [...questions].reverse().map((q) => b.decide(q)).reverse();
    assert.deepEqual(forward, backward);
    const other = questions.map((q) => new FaultPlanner(8, probabilities, []).decide(q));
    assert.notDeepEqual(forward, other);
  });

  it('injects each fault at about its probability, on first asks and on retries alike', () => {
    const probabilities: Partial<Record<FaultKind, number>> = { 'rate-limit-429': 0.1, 'overloaded-529': 0.05, malformed: 0.2, 'off-candidate': 0.05 };
    const planner = new FaultPlanner(1, probabilities, []);
    const n = 20000;
    for (const attempt of [0, 3]) {
      const counts = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const fault = planner.decide(context(`prompt ${i}`, attempt)) ?? 'none';
        counts.set(fault, (counts.get(fault) ?? 0) + 1);
      }
      for (const [kind, p] of Object.entries(probabilities)) {
        assert.ok(Math.abs((counts.get(kind) ?? 0) / n - p) < 0.01, `attempt ${attempt}, ${kind}: ${counts.get(kind)} of ${n}`);
      }
      assert.ok(Math.abs((counts.get('none') ?? 0) / n - 0.6) < 0.015);
    }
  });

  it('gives every attempt of a prompt that gets through the same content: useless answers depend on the prompt alone', () => {
    const planner = new FaultPlanner(3, { 'rate-limit-429': 0.3, hang: 0.1, malformed: 0.2, 'off-candidate': 0.1 }, []);
    let transportVaried = 0;
    let contentFaulted = 0;
    for (let i = 0; i < 500; i++) {
      const outcomes = Array.from({ length: 12 }, (_, attempt) => planner.decide(context(`prompt ${i}`, attempt)));
      const transport = outcomes.filter((o) => o === 'rate-limit-429' || o === 'hang');
      const content = new Set(outcomes.filter((o) => o !== 'rate-limit-429' && o !== 'hang'));
      // Every attempt that was not refused got the same thing: a good answer, or the same useless one.
      assert.ok(content.size <= 1, `prompt ${i}: ${[...content].join(', ')}`);
      if (transport.length > 0 && transport.length < outcomes.length) transportVaried++;
      if ([...content][0] !== undefined) contentFaulted++;
    }
    // Transport faults are drawn per attempt: most prompts meet some and pass others.
    assert.ok(transportVaried > 400, `${transportVaried} of 500 prompts met transport faults on some attempts only`);
    // A prompt that gets through gets a useless answer with P = 0.3 / (1 − 0.4) = 0.5: every generation's share stays 0.3.
    assert.ok(contentFaulted > 200 && contentFaulted < 300, `${contentFaulted} of 500 prompts get a useless answer (expected ~250)`);
  });

  it('never injects off-candidate into a prompt that is not a ranking', () => {
    const planner = new FaultPlanner(0, { 'off-candidate': 1 }, [{ fault: 'off-candidate', count: 5 }]);
    assert.equal(planner.decide(context('hints please', 0, { isRanking: false })), undefined);
    assert.equal(planner.decide(context('rank', 0)), 'off-candidate');
  });

  it('refuses probabilities outside [0, 1], summing over 1, or of unknown kinds', () => {
    assert.throws(() => validateFaultProbabilities({ hang: 1.5 }), RangeError);
    assert.throws(() => validateFaultProbabilities({ hang: 0.6, malformed: 0.5 }), /sum/);
    assert.throws(() => validateFaultProbabilities({ ['teapot' as FaultKind]: 0.1 }), /unknown/);
    assert.doesNotThrow(() => validateFaultProbabilities({ hang: 0.5, malformed: 0.5 }));
  });
});
