import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rankHardestFirst } from './rank-pool';

describe('rankHardestFirst', () => {
  it('puts the highest df_s (closest to 0: the teacher barely recognises the session) at rank 1', () => {
    const ranked = rankHardestFirst([
      { row: 0, difficulty: -0.9 },
      { row: 1, difficulty: -0.1 },
      { row: 2, difficulty: -0.5 },
    ]);
    assert.deepEqual(ranked.map((s) => s.row), [1, 2, 0]);
  });

  it('breaks ties by row whatever the input order, and leaves the input alone', () => {
    const pool = [
      { row: 7, difficulty: -0.5 },
      { row: 3, difficulty: -0.5 },
      { row: 5, difficulty: -0.2 },
    ];
    assert.deepEqual(rankHardestFirst(pool).map((s) => s.row), [5, 3, 7]);
    assert.deepEqual(rankHardestFirst([...pool].reverse()).map((s) => s.row), [5, 3, 7]);
    assert.deepEqual(pool.map((s) => s.row), [7, 3, 5]);
  });

  it('refuses duplicate rows, non-integer rows and non-finite difficulties', () => {
    assert.throws(() => rankHardestFirst([{ row: 1, difficulty: -0.1 }, { row: 1, difficulty: -0.2 }]), /appears twice/);
    assert.throws(() => rankHardestFirst([{ row: 1.5, difficulty: -0.1 }]), /not an integer/);
    assert.throws(() => rankHardestFirst([{ row: 1, difficulty: Number.NaN }]), /non-finite/);
  });
});
