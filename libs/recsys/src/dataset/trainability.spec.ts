import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitCounts } from './split';
import { MIN_DATASET_SIZE, minimumKeptSessions, untrainableReason } from './trainability';

describe('untrainableReason', () => {
  it('accepts the bundled datasets and the smallest dataset that meets every minimum', () => {
    assert.equal(untrainableReason({ items: 8_475, ...splitCounts(12_323) }), undefined);
    assert.equal(untrainableReason({ items: 2, ...splitCounts(34) }), undefined);
  });

  it('refuses a catalogue with fewer than 2 items (a header-only items.csv has none)', () => {
    assert.equal(untrainableReason({ items: 0, ...splitCounts(500) }), 'the catalogue has 0 items; at least 2 are needed');
    assert.match(untrainableReason({ items: 1, ...splitCounts(500) }) ?? '', /has 1 item;/);
  });

  it('refuses too few kept sessions, giving the counts per split and the number to reach', () => {
    assert.equal(
      untrainableReason({ items: 40, ...splitCounts(0) }),
      '0 sessions kept after filtering (0 train / 0 valid / 0 test); training needs at least 20 train, 1 valid and 1 test sessions, ' +
        'i.e. at least 34 kept sessions with the 60/20/20 split',
    );
    assert.match(untrainableReason({ items: 40, ...splitCounts(33) }) ?? '', /^33 sessions kept after filtering \(19 train \/ 7 valid \/ 7 test\)/);
    assert.match(untrainableReason({ items: 40, train: 30, valid: 0, test: 5 }) ?? '', /30 train \/ 0 valid \/ 5 test/);
  });
});

describe('minimumKeptSessions', () => {
  it('is the first row count whose split meets every minimum', () => {
    const n = minimumKeptSessions();
    assert.equal(n, 34);
    assert.deepEqual(splitCounts(n), { train: 20, valid: 7, test: 7 });
    assert.ok(splitCounts(n - 1).train < MIN_DATASET_SIZE.train);
    assert.equal(minimumKeptSessions({ train: 2, valid: 1, test: 1 }), 4);
  });
});
