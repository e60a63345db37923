import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Backbone } from '@alkdrec/contracts';
import { CheckpointLayoutError } from '../backbones/weights';
import { writeCheckpoint } from '../checkpoint/checkpoint-format';
import { SessionInputError } from '../encoders/session-window';
import { seededUniform, syntheticCheckpoint } from '../testing/synthetic-checkpoint';
import { Recommender } from './recommender';

/**
 * FPMC with 5 items, d = 2: input row 0 is (1, 0), so u = (1, 0) for the session [0] and item v
 * scores out[v][0]: 1, 2, 2, 0, −1 — items 1 and 2 tie.
 */
function handMadeFpmc(): Recommender {
  const inTable = Float32Array.from([1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  const outTable = Float32Array.from([1, 9, 2, 0, 2, 0, 0, 5, -1, 0, 0, 0]);
  return Recommender.fromCheckpoint(
    writeCheckpoint({ backbone: 'fpmc', shape: { itemCount: 5, dim: 2, maxLength: 10 }, variables: [{ shape: [6, 2], values: inTable }, { shape: [6, 2], values: outTable }] }),
  );
}

describe('Recommender', () => {
  it('ranks by score, equal scores by lower index', () => {
    const r = handMadeFpmc();
    assert.deepEqual(r.recommend([0], 3), [{ index: 1, score: 2 }, { index: 2, score: 2 }, { index: 0, score: 1 }]);
  });

  it('skips excluded items and returns fewer than k when fewer are left', () => {
    const r = handMadeFpmc();
    assert.deepEqual(r.recommend([0], 3, new Set([1])).map((x) => x.index), [2, 0, 3]);
    assert.deepEqual(r.recommend([0], 10).map((x) => x.index), [1, 2, 0, 3, 4]);
    assert.deepEqual(r.recommend([0], 10, new Set([0, 4])).map((x) => x.index), [1, 2, 3]);
    assert.deepEqual(r.recommend([0], 0), []);
    assert.deepEqual(r.recommend([0], 1e12).map((x) => x.index), [1, 2, 0, 3, 4]);
    assert.throws(() => r.recommend([0], -1), /k must be a whole number/);
  });

  it('reads only the last maxLength items of a session', () => {
    const r = handMadeFpmc();
    // Ten items of 0 after a 1: the 1 falls out of the window, so u = (1, 0) again.
    assert.deepEqual(r.encode([1, ...Array(10).fill(0)]), Float64Array.from([1, 0]));
    assert.deepEqual(r.encode([1, 0]), Float64Array.from([0.5, 0.5]));
  });

  for (const backbone of Backbone.options) {
    it(`${backbone}: the top-k equals a full sort of every item's score`, () => {
      const shape = { itemCount: 300, dim: 10, maxLength: 10 };
      const r = Recommender.fromCheckpoint(syntheticCheckpoint(backbone, shape, 3));
      const random = seededUniform(11);
      const scores = new Float64Array(shape.itemCount);
      for (let trial = 0; trial < 30; trial++) {
        const session = Array.from({ length: 1 + Math.floor(random() * 14) }, () => Math.floor(random() * shape.itemCount));
        const exclude = new Set(session);
        r.scoreAll(session, scores);
        const expected = Array.from(scores, (score, index) => ({ index, score }))
          .filter((x) => !exclude.has(x.index))
          .sort((a, b) => b.score - a.score || a.index - b.index)
          .slice(0, 20);
        assert.deepEqual(r.recommend(session, 20, exclude), expected);
      }
    });
  }

  it('refuses an empty session or an index outside the catalogue', () => {
    const r = handMadeFpmc();
    assert.throws(() => r.recommend([], 3), SessionInputError);
    assert.throws(() => r.recommend([5], 3), /item index 5 is outside the catalogue \[0, 5\)/);
    assert.throws(() => r.recommend([0.5], 3), SessionInputError);
  });

  it('refuses a checkpoint whose variables do not fit its backbone', () => {
    const shape = { itemCount: 4, dim: 2, maxLength: 10 };
    const table = { shape: [5, 2], values: new Float32Array(10) };
    assert.throws(
      () => Recommender.fromCheckpoint(writeCheckpoint({ backbone: 'stamp', shape, variables: [table, table] })),
      (e: unknown) => e instanceof CheckpointLayoutError && /stamp checkpoint has 2 variables; stamp needs 7/.test(e.message),
    );
    assert.throws(
      () => Recommender.fromCheckpoint(writeCheckpoint({ backbone: 'fpmc', shape, variables: [table, { shape: [4, 2], values: new Float32Array(8) }] })),
      /variable 1 \(out\) has shape \[4, 2\], expected \[5, 2\]/,
    );
  });
});
