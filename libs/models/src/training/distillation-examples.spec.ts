import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { distillationExamples, rankWeight } from './distillation-examples';

describe(distillationExamples.name, () => {
  it('weights positions 0–5 by 3, 6–15 by 2, 16–25 by 1 and ignores the rest', () => {
    assert.deepEqual([0, 5, 6, 15, 16, 25, 26].map(rankWeight), [3, 3, 2, 2, 1, 1, 0]);
  });

  it('repeats each ranked item by its weight, for its own session, skipping off-catalogue ids', () => {
    const a = { items: [1, 2], next: 3 };
    const b = { items: [4], next: 5 };
    const ranking = Array.from({ length: 27 }, (_, j) => j + 10); // 27 items: the last is past 25
    const examples = distillationExamples([{ session: a, ranking }, { session: b, ranking: [7, 999, 8] }], 100);
    assert.equal(examples.sessions.length, 2);
    const countFor = (session: number, item: number) =>
      Array.from(examples.positive).filter((p, i) => p === item && examples.sessionIndex[i] === session).length;
    assert.equal(countFor(0, 10), 3);
    assert.equal(countFor(0, 16), 2);
    assert.equal(countFor(0, 35), 1);
    assert.equal(countFor(0, 36), 0);
    assert.equal(countFor(1, 7), 3);
    assert.equal(countFor(1, 999), 0); // outside the catalogue
    assert.equal(countFor(1, 8), 3); // position 2 (the skipped id still held position 1)
    assert.equal(examples.positive.length, 6 * 3 + 10 * 2 + 10 * 1 + 3 + 3);
  });

  it('gives every item weight 1 for the teacher-top-50 (TR) variant', () => {
    const ranking = Array.from({ length: 50 }, (_, j) => j);
    const examples = distillationExamples([{ session: { items: [60], next: 1 }, ranking }], 100, { uniformWeight: true });
    assert.equal(examples.positive.length, 50);
  });
});
