import { DatasetFormatError } from '@alkdrec/recsys';

/** One line of llm-rankings.*.jsonl: the recorded GPT-4 answer for sessions.jsonl line `row`. */
export interface RecordedRankingLine {
  row: number;
  /** As recorded: may be short, long or repeat ids; `#N` marks an id outside the catalogue. */
  ranking: string[];
  nextRank: number | null;
}

/** Parses `{"row": N, "ranking": [id, ...], "nextRank": K|null}` per line (blank lines skipped). */
export function parseLlmRankingsJsonl(text: string, file = 'llm-rankings.jsonl'): RecordedRankingLine[] {
  const out: RecordedRankingLine[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const fail = (problem: string): never => {
      throw new DatasetFormatError(file, index + 1, problem);
    };
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      fail(`malformed JSON: ${(error as Error).message}`);
    }
    const record = (typeof value === 'object' && value !== null ? value : fail('expected a JSON object')) as Record<string, unknown>;
    const { row, ranking, nextRank } = record;
    if (!Number.isInteger(row) || (row as number) < 0) fail('"row" must be an integer ≥ 0');
    if (!Array.isArray(ranking) || !ranking.every((id) => typeof id === 'string')) fail('"ranking" must be an array of id strings');
    if (nextRank !== null && !Number.isInteger(nextRank)) fail('"nextRank" must be an integer or null');
    out.push({ row: row as number, ranking: ranking as string[], nextRank: nextRank as number | null });
  });
  return out;
}
