import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { recordedRankingIndices } from './recorded-ranking-indices';

describe(recordedRankingIndices.name, () => {
  const catalogue = new Map([['a', 0], ['b', 1], ['c', 2]]);
  const indexOf = (id: string) => catalogue.get(id);

  it('keeps the recorded order, each item once at its first place, and counts unknown ids', () => {
    assert.deepEqual(recordedRankingIndices(['c', 'x', 'a', 'c', 'b', 'y', 'a'], indexOf), { ranking: [2, 0, 1], droppedIds: 2 });
  });

  it('gives an empty ranking for an empty or all-unknown recording', () => {
    assert.deepEqual(recordedRankingIndices([], indexOf), { ranking: [], droppedIds: 0 });
    assert.deepEqual(recordedRankingIndices(['x', 'x'], indexOf), { ranking: [], droppedIds: 2 });
  });
});
