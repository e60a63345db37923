import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CliError } from '../cli-error';
import { referenceRankings } from './reference-rankings';

describe(referenceRankings.name, () => {
  it("maps the paper's first 500 ALKDRec picks on MovieLens to their recorded answers, as catalogue indices", async () => {
    const found = await referenceRankings('movielens-hetrec2011', 'alkdrec', 500);
    assert.equal(found.rankings.length, 500);
    assert.equal(new Set(found.rankings.map((r) => r.row)).size, 500);
    for (const { ranking } of found.rankings) assert.ok(ranking.every((i) => Number.isInteger(i) && i >= 0 && i < 8475));
    // Most answers hold 25 ids; an empty or short one is kept as recorded.
    assert.ok(found.rankings.filter((r) => r.ranking.length === 25).length > 450);
  });

  it('refuses a budget larger than the recorded answers and an unbundled dataset', async () => {
    await assert.rejects(referenceRankings('movielens-hetrec2011', 'random', 100_000), CliError);
    await assert.rejects(referenceRankings('no-such-dataset', 'alkdrec', 5), /not bundled/);
  });
});
