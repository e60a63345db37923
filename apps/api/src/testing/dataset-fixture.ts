/**
 * A small dataset that passes the importer's minimums (recsys' MIN_DATASET_SIZE: 2 items; 20 / 1 / 1
 * sessions after the 60/20/20 split): 12 items and 50 rows, of which 2 are dropped (an unknown next
 * item, and a session with no known item) and one loses an unknown item.
 */
export const FIXTURE_ITEMS = ['itemID,title', ...Array.from({ length: 12 }, (_, i) => `${i + 1},"Item ${i + 1}, the ${i + 1}th"`), ''].join('\n');

export const FIXTURE_SESSIONS = [
  ...Array.from({ length: 47 }, (_, row) => JSON.stringify({ items: [String((row % 12) + 1), String(((row + 3) % 12) + 1)], next: String(((row + 5) % 12) + 1) })),
  JSON.stringify({ items: ['1'], next: 'unknown' }),
  JSON.stringify({ items: ['nope'], next: '2' }),
  JSON.stringify({ items: ['3', 'gone'], next: '4' }),
  '',
].join('\n');

/** What the importer makes of the fixture: 48 kept rows split 28 / 10 / 10. */
export const FIXTURE_STATS = { items: 12, kept: 48, train: 28, valid: 10, test: 10, droppedRows: 2, droppedItems: 1 };
