import { DatasetFormatError, describeJson } from '@alkdrec/recsys';
import { contentLines } from './content-lines';

/** One line of `llm-rankings.<model>.jsonl`: a ranking the paper's LLM teacher actually returned. */
export interface RecordedRanking {
  /** 0-based line number in sessions.jsonl (not the position among kept or training rows). */
  row: number;
  /**
   * The LLM's ids as recorded: usually 25, sometimes none or more, repeats kept. An id written
   * `#N` was not in the catalogue; it is kept as it is, in place, so positions stay the recorded ones.
   */
  ranking: string[];
  /** 0-based position of the true next item in `ranking` as the authors computed it; null when absent. */
  nextRank: number | null;
}

/**
 * Parses `llm-rankings.<model>.jsonl`: one `{"row": N, "ranking": [id, ...], "nextRank": K|null}`
 * per line. Errors name the file and the 1-based line. Blank lines are allowed only at the end,
 * and a row may appear only once (two answers for one session would make replay ambiguous).
 */
export function parseRecordedRankings(text: string, file = 'llm-rankings.jsonl'): RecordedRanking[] {
  const firstLineOfRow = new Map<number, number>();
  return contentLines(text).map((lineText, index) => {
    const line = index + 1;
    const fail = (problem: string): never => {
      throw new DatasetFormatError(file, line, problem);
    };
    if (lineText.trim() === '') fail('blank line (only allowed at the end of the file)');
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch (error) {
      fail(`malformed JSON: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return fail(`expected a JSON object {"row": N, "ranking": [...], "nextRank": K|null}, found ${describeJson(value)}`);
    }
    const record = value as Record<string, unknown>;

    const row = record['row'];
    if (row === undefined) fail('missing field "row"');
    if (!Number.isSafeInteger(row) || (row as number) < 0) fail(`"row" must be a non-negative integer, found ${describeJson(row)}`);
    const seen = firstLineOfRow.get(row as number);
    if (seen !== undefined) fail(`row ${row as number} is recorded twice (first on line ${seen})`);
    firstLineOfRow.set(row as number, line);

    const ranking = record['ranking'];
    if (ranking === undefined) fail('missing field "ranking"');
    if (!Array.isArray(ranking)) return fail(`"ranking" must be an array of item ids, found ${describeJson(ranking)}`);
    ranking.forEach((id: unknown, position) => {
      if (typeof id !== 'string' || id === '') fail(`"ranking"[${position}] must be a non-empty item id string, found ${describeJson(id)}`);
    });

    if (!('nextRank' in record)) fail('missing field "nextRank" (null when the next item is absent)');
    const nextRank = record['nextRank'];
    if (nextRank !== null) {
      if (!Number.isSafeInteger(nextRank) || (nextRank as number) < 0) {
        fail(`"nextRank" must be null or a non-negative integer, found ${describeJson(nextRank)}`);
      }
      if ((nextRank as number) >= ranking.length) {
        fail(`"nextRank" ${nextRank as number} is past the end of a ranking of ${ranking.length}`);
      }
    }
    return { row: row as number, ranking: ranking as string[], nextRank: nextRank as number | null };
  });
}

/** A recorded ranking without the ids marked `#N` (not in the catalogue), e.g. to replay as an answer. */
export function catalogueIdsOnly(ranking: readonly string[]): string[] {
  return ranking.filter((id) => !id.startsWith('#'));
}
