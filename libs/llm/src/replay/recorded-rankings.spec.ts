import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DatasetFormatError } from '@alkdrec/recsys';
import { catalogueIdsOnly, parseRecordedRankings } from './recorded-rankings';

function formatError(text: string): DatasetFormatError {
  try {
    parseRecordedRankings(text, 'ml/llm-rankings.jsonl');
  } catch (error) {
    assert.ok(error instanceof DatasetFormatError, `expected DatasetFormatError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a DatasetFormatError');
}

const line = (row: number, ranking: string[], nextRank: number | null) => JSON.stringify({ row, ranking, nextRank });

describe('parseRecordedRankings', () => {
  it('parses each line, keeping repeats, #N ids and empty rankings as recorded', () => {
    const text = [line(2604, ['260', '#9258', '260'], null), line(4138, ['8689', '6539'], 0), line(7, [], null)].join('\n') + '\n\n';
    assert.deepEqual(parseRecordedRankings(text), [
      { row: 2604, ranking: ['260', '#9258', '260'], nextRank: null },
      { row: 4138, ranking: ['8689', '6539'], nextRank: 0 },
      { row: 7, ranking: [], nextRank: null },
    ]);
    assert.deepEqual(parseRecordedRankings(''), []);
    assert.equal(parseRecordedRankings(`${line(1, ['a'], 0)}\r\n${line(2, ['b'], null)}\r\n`).length, 2);
  });

  it('names the file and line of malformed lines', () => {
    const error = formatError(`${line(1, ['a'], 0)}\n{"row": 2,`);
    assert.equal(error.file, 'ml/llm-rankings.jsonl');
    assert.equal(error.line, 2);
    assert.match(error.message, /^ml\/llm-rankings\.jsonl line 2: malformed JSON/);
    assert.match(formatError('[1, 2]').message, /line 1: expected a JSON object .* found an array/);
    assert.match(formatError(`${line(1, ['a'], 0)}\n\n${line(2, ['b'], 0)}`).message, /line 2: blank line/);
  });

  it('refuses missing and ill-typed fields', () => {
    assert.match(formatError('{"ranking": [], "nextRank": null}').message, /missing field "row"/);
    assert.match(formatError('{"row": -1, "ranking": [], "nextRank": null}').message, /"row" must be a non-negative integer, found the number -1/);
    assert.match(formatError('{"row": "3", "ranking": [], "nextRank": null}').message, /"row" must be .* found string "3"/);
    assert.match(formatError('{"row": 1, "nextRank": null}').message, /missing field "ranking"/);
    assert.match(formatError('{"row": 1, "ranking": "a b", "nextRank": null}').message, /"ranking" must be an array/);
    assert.match(formatError('{"row": 1, "ranking": ["a", 7], "nextRank": null}').message, /"ranking"\[1\] must be a non-empty item id string, found the number 7/);
    assert.match(formatError('{"row": 1, "ranking": [""], "nextRank": null}').message, /"ranking"\[0\]/);
    assert.match(formatError('{"row": 1, "ranking": ["a"]}').message, /missing field "nextRank"/);
    assert.match(formatError('{"row": 1, "ranking": ["a"], "nextRank": 0.5}').message, /"nextRank" must be null or a non-negative integer/);
    assert.match(formatError('{"row": 1, "ranking": ["a"], "nextRank": 1}').message, /"nextRank" 1 is past the end of a ranking of 1/);
  });

  it('refuses a row recorded twice, naming both lines', () => {
    const error = formatError([line(5, ['a'], 0), line(6, ['b'], 0), line(5, ['c'], null)].join('\n'));
    assert.equal(error.line, 3);
    assert.match(error.message, /row 5 is recorded twice \(first on line 1\)/);
  });
});

describe('catalogueIdsOnly', () => {
  it('drops the ids marked as outside the catalogue and keeps the order', () => {
    assert.deepEqual(catalogueIdsOnly(['1240', '#9258', '2791', '1240']), ['1240', '2791', '1240']);
  });
});
