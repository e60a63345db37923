import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildDataset } from './build-dataset';
import type { CatalogueItem } from './items-csv';
import type { SessionLine } from './sessions-jsonl';

const items: CatalogueItem[] = ['a', 'b', 'c', 'd'].map((id, i) => ({ id, title: id.toUpperCase(), line: i + 2 }));

function lines(...sessions: [string[], string][]): SessionLine[] {
  return sessions.map(([ids, next], row) => ({ row, items: ids, next }));
}

describe('buildDataset', () => {
  it('maps ids to their items.csv row index and keeps full sessions and duplicates', () => {
    const built = buildDataset(items, lines([['d', 'a', 'd', 'b', 'c', 'a', 'b', 'c', 'd', 'a', 'b', 'c'], 'b']));
    assert.deepEqual(built.sessions, [
      { row: 0, ordinal: 0, split: 'test', items: [3, 0, 3, 1, 2, 0, 1, 2, 3, 0, 1, 2], next: 1 },
    ]);
    assert.equal(built.droppedRows, 0);
    assert.equal(built.droppedItems, 0);
  });

  it('drops unknown items, and rows whose next is unknown or whose items become empty', () => {
    const built = buildDataset(
      items,
      lines(
        [['a', 'x', 'b'], 'c'], // row 0: kept, one unknown item removed
        [['a'], 'zz'], // row 1: next unknown -> dropped
        [['x', 'y'], 'a'], // row 2: nothing known left -> dropped
        [['y', 'c'], 'd'], // row 3: kept, one unknown item removed
        [['q'], 'q'], // row 4: both -> dropped once, as unknown next
        [[], 'a'], // row 5: empty in the file -> dropped
      ),
    );
    assert.deepEqual(
      built.sessions.map(({ row, ordinal, items: s, next }) => ({ row, ordinal, items: s, next })),
      [
        { row: 0, ordinal: 0, items: [0, 1], next: 2 },
        { row: 3, ordinal: 1, items: [2], next: 3 },
      ],
    );
    assert.equal(built.droppedRows, 4);
    assert.deepEqual(built.droppedRowsBy, { unknownNext: 2, noKnownItems: 2 });
    // Only unknown ids removed from rows that were kept count (rows 0 and 3).
    assert.equal(built.droppedItems, 2);
  });

  it('splits the kept rows in file order, 60/20/20 with floor boundaries', () => {
    const sessionLines: SessionLine[] = [];
    for (let row = 0; row < 12; row++) {
      // Every third row has an unknown next item, leaving 8 kept rows: 4 train, 2 valid, 2 test.
      sessionLines.push({ row, items: ['a'], next: row % 3 === 2 ? 'missing' : 'b' });
    }
    const built = buildDataset(items, sessionLines);
    assert.deepEqual(built.counts, { train: 4, valid: 2, test: 2 });
    assert.equal(built.droppedRows, 4);
    assert.deepEqual(
      built.sessions.map((s) => [s.row, s.ordinal, s.split]),
      [
        [0, 0, 'train'],
        [1, 1, 'train'],
        [3, 2, 'train'],
        [4, 3, 'train'],
        [6, 4, 'valid'],
        [7, 5, 'valid'],
        [9, 6, 'test'],
        [10, 7, 'test'],
      ],
    );
  });

  it('returns the catalogue unchanged', () => {
    const built = buildDataset(items, []);
    assert.deepEqual(built.items, items);
    assert.deepEqual(built.counts, { train: 0, valid: 0, test: 0 });
  });
});
