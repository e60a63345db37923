import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MOVIE_DOMAIN } from '@alkdrec/llm';
import { Catalogue } from '../catalogue/catalogue-cache';
import { recordedRanking } from './recorded-ranking';

describe(recordedRanking.name, () => {
  const catalogue = new Catalogue('movielens-test', ['316', '2571', '1610', '1'], ['A', 'B', 'C', 'D'], MOVIE_DOMAIN);

  it('maps recorded catalogue ids to item indices in the recorded order, first occurrence only', () => {
    const result = recordedRanking(['2571', '1', '2571', '316'], catalogue, 0);
    assert.deepEqual(result, { ranking: [1, 3, 0], truePosition: 2, droppedIds: 0 });
  });

  it('drops and counts ids the catalogue does not know, and says when the next item is absent', () => {
    const result = recordedRanking(['999', '1610', '#12'], catalogue, 0);
    assert.deepEqual(result, { ranking: [2], truePosition: null, droppedIds: 2 });
  });

  it('finds nothing in an empty recording', () => {
    assert.deepEqual(recordedRanking([], catalogue, 1), { ranking: [], truePosition: null, droppedIds: 0 });
  });
});
