import { LlmRankingResult, parseContract, type RankingCollectResult } from '@alkdrec/contracts';
import type { RankingOutcome, RunRepository } from '@alkdrec/db';

/** What the collect job reads from BullMQ about its children. */
export interface FinishedChildren {
  /** Child job key → its return value (a LlmRankingResult). */
  values: Record<string, unknown>;
  /** Child job key → failure reason, for children that failed for good (ignoreDependencyOnFailure). */
  failures: Record<string, string>;
}

/** `<prefix>:<queue>:rank-<runId>-<row>` → row. */
export function rowOfChildKey(key: string): number {
  const match = /-(\d+)$/.exec(key);
  if (!match) throw new Error(`cannot read a session row from child job key ${key}`);
  return Number(match[1]);
}

/**
 * Stores the LLM's outcome of every selected session that has none yet: the ranking of each
 * answered child, `failed` for a child that gave up. One transaction, so a crash here stores nothing
 * and the retried job stores everything; outcomes already stored are left as they are.
 */
export async function collectRankings(runId: string, children: FinishedChildren, runs: RunRepository): Promise<RankingCollectResult> {
  const unanswered = new Set((await runs.unanswered(runId)).map((s) => s.row));
  const outcomes: RankingOutcome[] = [];
  for (const [key, value] of Object.entries(children.values)) {
    const result = parseContract(LlmRankingResult, value, `ranking result of ${key}`);
    if (result.runId !== runId) throw new Error(`child ${key} answers run ${result.runId}, not ${runId}`);
    if (unanswered.delete(result.row)) outcomes.push({ row: result.row, status: result.status, ranking: result.ranking, costUsd: result.costUsd });
  }
  let failed = 0;
  for (const key of Object.keys(children.failures)) {
    const row = rowOfChildKey(key);
    if (unanswered.delete(row)) {
      outcomes.push({ row, status: 'failed', ranking: [], costUsd: 0 });
      failed++;
    }
  }
  await runs.recordRankings(runId, outcomes);
  return { runId, stored: outcomes.length, failed };
}
