import type { RecordedRanking } from './recorded-rankings';

/** How good the recorded answers were at putting the true next item near the top. */
export interface RecordedQuality {
  /** Recorded rows, all of them: empty answers included (they are misses, not exclusions). */
  count: number;
  /** Shares of `count` (0..1): true next item at position < 25, < 5, = 0 of the recorded ranking. */
  inTop25: number;
  inTop5: number;
  first: number;
  /** The same as counts of rows. */
  hits: { inTop25: number; inTop5: number; first: number };
  /** Rows whose recorded ranking is empty. */
  emptyRankings: number;
  /** Rows where our position disagrees with the recorded `nextRank` (expected 0). */
  nextRankDisagreements: number;
  /** Their row numbers, for a look. */
  disagreeingRows: number[];
}

/**
 * The recorded LLM quality as the shared datasets README tabulates it, recomputed from the rankings
 * and the true next ids rather than trusted from `nextRank`: the position of the true next item is
 * its FIRST index in the ranking exactly as recorded (repeats and `#N` ids keep their places);
 * "in top-25" means position < 25, "in top-5" < 5, "first" = 0; the denominator is every recorded
 * row, empty rankings included. A ranking longer than 25 can hold the true item at 25 or later:
 * that row is not "in top-25". This definition reproduces the README's figures on the bundled
 * files (movielens-hetrec2011: 2,639 / 757 / 260 of 4,992 = 52.9% / 15.2% / 5.2%; amazon-games:
 * 2,855 / 1,084 / 358 of 5,359 = 53.3% / 20.2% / 6.7%), and agrees with every `nextRank`.
 *
 * `nextIdByRow` maps a sessions.jsonl row to its `next` id as written in that file.
 */
export function recordedQuality(
  rankings: readonly RecordedRanking[],
  nextIdByRow: ReadonlyMap<number, string>,
): RecordedQuality {
  if (rankings.length === 0) throw new RangeError('no recorded rankings to measure');
  const hits = { inTop25: 0, inTop5: 0, first: 0 };
  let emptyRankings = 0;
  const disagreeingRows: number[] = [];
  for (const { row, ranking, nextRank } of rankings) {
    const next = nextIdByRow.get(row);
    if (next === undefined) throw new RangeError(`row ${row} has a recorded ranking but no session with a next item`);
    const index = ranking.indexOf(next);
    const position = index === -1 ? null : index;
    if (position !== nextRank) disagreeingRows.push(row);
    if (ranking.length === 0) emptyRankings++;
    if (position === null) continue;
    if (position < 25) hits.inTop25++;
    if (position < 5) hits.inTop5++;
    if (position === 0) hits.first++;
  }
  const count = rankings.length;
  return {
    count,
    inTop25: hits.inTop25 / count,
    inTop5: hits.inTop5 / count,
    first: hits.first / count,
    hits,
    emptyRankings,
    nextRankDisagreements: disagreeingRows.length,
    disagreeingRows,
  };
}
