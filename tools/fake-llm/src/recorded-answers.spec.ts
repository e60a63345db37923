import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadRecordedAnswers, RecordedAnswers, type RecordedSession } from './recorded-answers';
import { MOVIELENS_ROW_0, MOVIELENS_ROW_0_RANKING_START, MOVIELENS_ROW_1 } from './testing/ranking-prompt-fixture';

const session = (row: number, sessionItemIds: string[], next: string): RecordedSession => ({
  dataset: 'toy',
  row,
  sessionItemIds,
  next,
  ranking: [`answer-of-row-${row}`],
});

describe('RecordedAnswers', () => {
  const long = Array.from({ length: 14 }, (_, i) => `i${i}`);
  const recordings = new RecordedAnswers([
    session(5, ['a', 'b'], 'n1'),
    session(2, ['a', 'b'], 'n2'), // same items as row 5
    session(7, long, 'n3'),
  ]);

  it('finds a session by its full item sequence or by its last 10 items, not by other sub-sequences', () => {
    assert.equal(recordings.find(long)?.row, 7);
    assert.equal(recordings.find(long.slice(-10))?.row, 7);
    assert.equal(recordings.find(long.slice(-9)), undefined);
    assert.equal(recordings.find(long.slice(0, 10)), undefined);
    assert.equal(recordings.find(['b', 'a']), undefined);
  });

  it('tells apart sessions with the same items by which true next item is a candidate, else the lowest row', () => {
    assert.equal(recordings.find(['a', 'b'], ['x', 'n1'])?.row, 5);
    assert.equal(recordings.find(['a', 'b'], ['n2'])?.row, 2);
    assert.equal(recordings.find(['a', 'b'], ['x'])?.row, 2);
    assert.equal(recordings.summary.ambiguousFullKeys, 1);
  });

  it('loads the bundled movielens-hetrec2011 recordings and hints', async () => {
    const loaded = await loadRecordedAnswers(['movielens-hetrec2011']);
    assert.deepEqual(loaded.summary, {
      datasets: ['movielens-hetrec2011'],
      rankings: 4992,
      unindexed: 0,
      ambiguousFullKeys: 0,
      ambiguousLastWindowKeys: 0,
    });
    const row0 = loaded.find(MOVIELENS_ROW_0.sessionIds);
    assert.equal(row0?.row, 0);
    assert.deepEqual(row0?.ranking.slice(0, 5), MOVIELENS_ROW_0_RANKING_START);
    assert.equal(row0?.ranking.length, 25);
    assert.equal(loaded.find(MOVIELENS_ROW_1.sessionIds.slice(-10))?.row, 1);
    // Row 3296 recorded "#9258" (the file's mark for an id outside the catalogue) 16th: dropped, the rest kept.
    const row3296 = loaded.find(['2193', '63', '589', '1909', '1544']);
    assert.equal(row3296?.row, 3296);
    assert.equal(row3296?.ranking.length, 24);
    assert.deepEqual(row3296?.ranking.slice(14, 16), ['1207', '2791']);
    assert.equal(row3296?.ranking.at(-1), '1206', 'repeats are kept as recorded');
    assert.equal(loaded.hints.length, 4);
    assert.match(loaded.hints[0] ?? '', /^Sequel and Franchise Continuity/);
  });

  it('loads amazon-games, whose 20 shared item sequences are counted', async () => {
    const loaded = await loadRecordedAnswers(['amazon-games']);
    assert.equal(loaded.summary.rankings, 5359);
    assert.equal(loaded.summary.ambiguousFullKeys, 20);
    assert.match(loaded.hints[0] ?? '', /^Platform and Accessory Compatibility/);
  });
});
