import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hintRecommendations, rankingCandidates, withTrueItemLast } from './candidates';

const top60 = Array.from({ length: 60 }, (_, i) => 100 + i);

describe('rankingCandidates', () => {
  it("keeps the teacher's top-50 in order when the true item is among them", () => {
    const candidates = rankingCandidates(top60, 130);
    assert.deepEqual(candidates, top60.slice(0, 50));
  });

  it('puts a missing true item in place of the 50th and keeps the other 49 in order', () => {
    const candidates = rankingCandidates(top60, 7);
    assert.equal(candidates.length, 50);
    assert.deepEqual(candidates.slice(0, 49), top60.slice(0, 49));
    assert.equal(candidates[49], 7);
  });

  it('treats a true item ranked 51st or lower by the teacher as missing', () => {
    assert.equal(rankingCandidates(top60, 155)[49], 155);
  });

  it('appends the true item to a list shorter than the size instead of dropping a teacher item', () => {
    assert.deepEqual(rankingCandidates([3, 1, 2], 9), [3, 1, 2, 9]);
  });

  it('does not modify its input', () => {
    const input = [1, 2, 3];
    withTrueItemLast(input, 9, 3);
    assert.deepEqual(input, [1, 2, 3]);
  });

  it('refuses a teacher ranking with repeats and a non-positive size', () => {
    assert.throws(() => rankingCandidates([1, 2, 1], 3), /repeats an item/);
    assert.throws(() => withTrueItemLast([1], 1, 0), RangeError);
  });
});

describe('hintRecommendations', () => {
  it('uses the top 20 with the same swap', () => {
    const shown = hintRecommendations(top60, 1);
    assert.deepEqual(shown, [...top60.slice(0, 19), 1]);
    assert.deepEqual(hintRecommendations(top60, 119), top60.slice(0, 20));
  });
});
