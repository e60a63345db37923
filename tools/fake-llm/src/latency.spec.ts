import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseLatencySpec, sampleLatencyMs } from './latency';

describe('latency', () => {
  it('parses the three CLI forms and refuses others', () => {
    assert.equal(parseLatencySpec('5300'), 5300);
    assert.deepEqual(parseLatencySpec('uniform:4000:6000'), { kind: 'uniform', minMs: 4000, maxMs: 6000 });
    assert.deepEqual(parseLatencySpec('normal:5300:800'), { kind: 'normal', meanMs: 5300, stdMs: 800 });
    for (const bad of ['', '-1', 'fast', 'uniform:6000:4000', 'normal:5300', 'gamma:1:2']) {
      assert.throws(() => parseLatencySpec(bad), RangeError, bad);
    }
  });

  it('samples within bounds, repeatably per seed', () => {
    const uniform = { kind: 'uniform', minMs: 100, maxMs: 200 } as const;
    const draws = Array.from({ length: 500 }, (_, seed) => sampleLatencyMs(uniform, seed));
    assert.ok(draws.every((ms) => ms >= 100 && ms <= 200));
    assert.ok(new Set(draws).size > 50);
    assert.deepEqual(draws, Array.from({ length: 500 }, (_, seed) => sampleLatencyMs(uniform, seed)));
    const normal = Array.from({ length: 2000 }, (_, seed) => sampleLatencyMs({ kind: 'normal', meanMs: 5300, stdMs: 800 }, seed));
    const mean = normal.reduce((a, b) => a + b, 0) / normal.length;
    assert.ok(Math.abs(mean - 5300) < 60, `mean ${mean}`);
    assert.equal(sampleLatencyMs({ kind: 'normal', meanMs: 0, stdMs: 100 }, 3) >= 0, true);
    assert.equal(sampleLatencyMs(5300, 1), 5300);
  });
});
