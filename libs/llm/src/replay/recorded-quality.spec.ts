import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { recordedQuality } from './recorded-quality';
import type { RecordedRanking } from './recorded-rankings';

/** A ranking of `length` filler ids with the true id "T" at `position` (null: absent). */
function ranking(row: number, position: number | null, length = 25): RecordedRanking {
  const ids = Array.from({ length }, (_, i) => `x${row}-${i}`);
  if (position !== null) ids[position] = 'T';
  return { row, ranking: ids, nextRank: position };
}

describe('recordedQuality', () => {
  const nextIdByRow = new Map(Array.from({ length: 20 }, (_, row) => [row, 'T'] as [number, string]));

  it('counts the first position of the true id below 25, below 5 and at 0, over every recorded row', () => {
    const rankings = [
      ranking(0, 0), // first, top-5, top-25
      ranking(1, 4), // top-5, top-25
      ranking(2, 5), // top-25
      ranking(3, 24), // top-25
      ranking(4, null), // miss
      { row: 5, ranking: [], nextRank: null }, // empty answer: a miss that still counts
      ranking(6, 30, 42), // a long answer: position 30 is not in the top-25
      { row: 7, ranking: ['a', '#12', 'a', 'T', 'T'], nextRank: 3 }, // repeats and #N ids keep their places
    ];
    const quality = recordedQuality(rankings, nextIdByRow);
    assert.equal(quality.count, 8);
    assert.deepEqual(quality.hits, { inTop25: 5, inTop5: 3, first: 1 });
    assert.equal(quality.inTop25, 5 / 8);
    assert.equal(quality.inTop5, 3 / 8);
    assert.equal(quality.first, 1 / 8);
    assert.equal(quality.emptyRankings, 1);
    assert.equal(quality.nextRankDisagreements, 0);
  });

  it('recomputes positions itself and reports rows where nextRank disagrees', () => {
    const rankings = [{ ...ranking(0, 3), nextRank: 2 }, { ...ranking(1, null), nextRank: 0 }, ranking(2, 1)];
    const quality = recordedQuality(rankings, nextIdByRow);
    assert.deepEqual(quality.hits, { inTop25: 2, inTop5: 2, first: 0 });
    assert.equal(quality.nextRankDisagreements, 2);
    assert.deepEqual(quality.disagreeingRows, [0, 1]);
  });

  it('refuses a row without a session and an empty file', () => {
    assert.throws(() => recordedQuality([ranking(99, 0)], nextIdByRow), /row 99 has a recorded ranking but no session/);
    assert.throws(() => recordedQuality([], nextIdByRow), /no recorded rankings/);
  });
});
