import type { LlmRankingPayload } from '@alkdrec/contracts';
import { bundledDatasetPaths, DatasetRepository, readDatasetFile, type PrismaClient } from '@alkdrec/db';
import { parseHintsFile, rankingCandidates } from '@alkdrec/llm';

/**
 * Ranking payloads for the first `count` training sessions of an imported dataset. No trained
 * teacher is needed to measure the queue: the candidates are the 50 items most frequent in the
 * training split (a popularity "teacher"), with the true item swapped into the last place exactly
 * as rankingCandidates does for a real teacher. Hints come from the dataset's bundled hints.json.
 */
export async function benchRankingPayloads(prisma: PrismaClient, dataset: string, runId: string, count: number): Promise<LlmRankingPayload[]> {
  const repository = new DatasetRepository(prisma);
  const found = await repository.findByName(dataset);
  if (!found) throw new Error(`dataset ${dataset} is not imported`);
  const splits = await repository.loadSplits(found.id);
  if (splits.train.length < count) throw new Error(`${dataset} has only ${splits.train.length} training sessions, ${count} asked`);
  const hints = parseHintsFile((await readDatasetFile(bundledDatasetPaths(dataset).hintsPath)).text).hints;
  const popular = popularItems(splits.train.flatMap((s) => [...s.items, s.next]), 50);
  return splits.train.slice(0, count).map((session) => ({
    runId,
    dataset,
    row: session.row,
    sessionItems: session.items,
    candidates: rankingCandidates(popular, session.next),
    nextItem: session.next,
    hints,
  }));
}

/** The `size` most frequent items, ties broken by the smaller index (deterministic). */
function popularItems(occurrences: readonly number[], size: number): number[] {
  const counts = new Map<number, number>();
  for (const item of occurrences) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a, ca], [b, cb]) => cb - ca || a - b)
    .slice(0, size)
    .map(([item]) => item);
}
