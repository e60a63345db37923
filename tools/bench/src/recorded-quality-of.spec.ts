import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { recordedQualityOf } from './recorded-quality-of';

const percent = (share: number): string => (share * 100).toFixed(1);

describe(recordedQualityOf.name, () => {
  // The shared datasets README's table of the recorded GPT-4-turbo answers.
  for (const [dataset, top25, top5, first] of [
    ['movielens-hetrec2011', '52.9', '15.2', '5.2'],
    ['amazon-games', '53.3', '20.2', '6.7'],
  ] as const) {
    it(`reproduces the recorded quality of ${dataset}`, async () => {
      const quality = await recordedQualityOf(dataset);
      assert.deepEqual([percent(quality.inTop25), percent(quality.inTop5), percent(quality.first)], [top25, top5, first]);
      assert.equal(quality.nextRankDisagreements, 0);
    });
  }
});
