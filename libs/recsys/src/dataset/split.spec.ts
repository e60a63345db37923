import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitCounts, splitOfOrdinal } from './split';

describe('splitCounts', () => {
  it("reproduces the paper's counts for both datasets", () => {
    assert.deepEqual(splitCounts(12_323), { train: 7_393, valid: 2_465, test: 2_465 });
    assert.deepEqual(splitCounts(20_091), { train: 12_054, valid: 4_018, test: 4_019 });
  });

  it("matches the reference code's floating-point int(n * 0.6) / int(n * 0.8) boundaries", () => {
    for (let n = 0; n <= 50_000; n++) {
      const { train, valid, test } = splitCounts(n);
      assert.equal(train, Math.floor(n * 0.6), `train for n=${n}`);
      assert.equal(train + valid, Math.floor(n * 0.8), `valid end for n=${n}`);
      assert.equal(train + valid + test, n);
    }
  });

  it('handles tiny datasets', () => {
    assert.deepEqual(splitCounts(0), { train: 0, valid: 0, test: 0 });
    assert.deepEqual(splitCounts(1), { train: 0, valid: 0, test: 1 });
    assert.deepEqual(splitCounts(5), { train: 3, valid: 1, test: 1 });
  });

  it('refuses impossible row counts', () => {
    assert.throws(() => splitCounts(-1), RangeError);
    assert.throws(() => splitCounts(2.5), RangeError);
  });
});

describe('splitOfOrdinal', () => {
  it('assigns ordinals to consecutive blocks', () => {
    const counts = splitCounts(10);
    assert.deepEqual(
      Array.from({ length: 10 }, (_, i) => splitOfOrdinal(i, counts)),
      ['train', 'train', 'train', 'train', 'train', 'train', 'valid', 'valid', 'test', 'test'],
    );
  });
});
