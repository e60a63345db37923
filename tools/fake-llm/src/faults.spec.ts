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

  it('injects each fault at about its probability', () => {
    const probabilities: Partial<Record<FaultKind, number>> = { 'rate-limit-429': 0.1, 'overloaded-529': 0.05, malformed: 0.2 };
    const planner = new FaultPlanner(1, probabilities, []);
    const counts = new Map<string, number>();
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const fault = planner.decide(context(`prompt ${i}`)) ?? 'none';
      counts.set(fault, (counts.get(fault) ?? 0) + 1);
    }
    for (const [kind, p] of Object.entries(probabilities)) {
      assert.ok(Math.abs((counts.get(kind) ?? 0) / n - p) < 0.01, `${kind}: ${counts.get(kind)} of ${n}`);
    }
    assert.ok(Math.abs((counts.get('none') ?? 0) / n - 0.65) < 0.015);
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
