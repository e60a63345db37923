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
    // Each item once (a repeated id keeps its first place); most answers hold 25 distinct ids.
    for (const { row, ranking } of found.rankings) assert.equal(new Set(ranking).size, ranking.length, `row ${row} repeats an item`);
    assert.ok(found.rankings.filter((r) => r.ranking.length === 25).length > 400);
  });

  it('refuses a budget larger than the recorded answers and an unbundled dataset', async () => {
    await assert.rejects(referenceRankings('movielens-hetrec2011', 'random', 100_000), CliError);
    await assert.rejects(referenceRankings('no-such-dataset', 'alkdrec', 5), /not bundled/);
  });
});
