import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, sampleWithoutReplacement } from './rng';

describe('createRng', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    const a = createRng(7), b = createRng(7), c = createRng(8);
    const xs = Array.from({ length: 5 }, () => a.next());
    assert.deepEqual(xs, Array.from({ length: 5 }, () => b.next()));
    assert.notDeepEqual(xs, Array.from({ length: 5 }, () => c.next()));
  });
  it('is roughly uniform and normal', () => {
    const rng = createRng(1);
    const n = 20000;
    let sum = 0, sumN = 0, sumN2 = 0;
    for (let i = 0; i < n; i++) {
      sum += rng.next();
      const z = rng.normal(2, 3);
      sumN += z;
      sumN2 += z * z;
    }
    assert.ok(Math.abs(sum / n - 0.5) < 0.01);
    const mean = sumN / n;
    assert.ok(Math.abs(mean - 2) < 0.1);
    assert.ok(Math.abs(Math.sqrt(sumN2 / n - mean * mean) - 3) < 0.1);
  });
});

describe('sampleWithoutReplacement', () => {
  it('draws distinct indices in range', () => {
    const rng = createRng(3);
    const scratch = Int32Array.from({ length: 100 }, (_, i) => i);
    for (let t = 0; t < 20; t++) {
      const s = sampleWithoutReplacement(rng, 100, 30, scratch);
      assert.equal(new Set(s).size, 30);
      assert.ok(s.every((v) => v >= 0 && v < 100));
    }
  });
  it('refuses to draw more than there are', () => {
    assert.throws(() => sampleWithoutReplacement(createRng(1), 3, 4), RangeError);
  });
});
