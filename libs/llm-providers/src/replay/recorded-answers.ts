import { datasetContentOf, DatasetNotFoundError, type PrismaClient } from '@alkdrec/db';
import { recordedRankingIndices, type RecordedRankingIndices } from '@alkdrec/llm';
import { checkReplayDataset } from './check-replay-dataset';
import { loadRecordingsManifest } from './recordings-manifest';
import { loadDatasetRecordings, type DatasetRecordings } from './replay-recordings';

/** A dataset's recorded GPT-4 rankings as its imported catalogue's item indices. */
export interface RecordedAnswers {
  /** Session rows that have a recorded ranking. */
  rows: ReadonlySet<number>;
  /** The recorded ranking of a row as item indices; undefined for a row without one. */
  of(row: number): RecordedRankingIndices | undefined;
}

/**
 * The recorded answers of an imported dataset as the replay provider serves them and the llm-worker
 * turns them into item indices (libs/llm's recordedRankingIndices), for distilling them without a
 * run (`alkdrec distill --reference / --select`). Refused, as replay refuses it
 * (ReplayDatasetMismatchError), unless the imported content is the bundled content the recordings
 * were made for: they name sessions by row. DatasetNotFoundError when the dataset is not imported.
 */
export async function recordedAnswers(
  prisma: PrismaClient,
  dataset: string,
  load: (dataset: string) => Promise<DatasetRecordings> = loadDatasetRecordings,
): Promise<RecordedAnswers> {
  const stored = await prisma.dataset.findUnique({ where: { name: dataset }, select: { id: true, source: true } });
  if (!stored) throw new DatasetNotFoundError(dataset);
  const check = checkReplayDataset({ name: dataset, content: datasetContentOf(stored.source) }, await loadRecordingsManifest(dataset));
  if (!check.ok) throw check.error;
  const recordings = await load(dataset);
  const items = await prisma.item.findMany({ where: { datasetId: stored.id }, select: { index: true, externalId: true } });
  const indexById = new Map(items.map((item) => [item.externalId, item.index]));
  const indexOf = (id: string) => indexById.get(id);
  return {
    rows: new Set(recordings.rankingByRow.keys()),
    of: (row) => {
      const ids = recordings.rankingByRow.get(row);
      return ids === undefined ? undefined : recordedRankingIndices(ids, indexOf);
    },
  };
}
