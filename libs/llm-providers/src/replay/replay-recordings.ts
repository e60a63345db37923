import { bundledDatasetPaths, readDatasetFile } from '@alkdrec/db';
import { catalogueIdsOnly, parseHintsFile, parseRecordedRankings } from '@alkdrec/llm';
import { loadRecordingsManifest, type RecordingsManifest } from './recordings-manifest';

/** One bundled dataset's recorded GPT-4 answers, as the replay provider serves them. */
export interface DatasetRecordings {
  /** Recorded ranking by sessions.jsonl row, `#N` (non-catalogue) ids removed. */
  rankingByRow: ReadonlyMap<number, readonly string[]>;
  hints: readonly string[];
  /** The model that made the recordings (hints.json's `model`). */
  model: string;
  /** Which dataset content they were made for (recordings.json); undefined when the files have none. */
  manifest?: RecordingsManifest;
}

/** Reads `llm-rankings.*.jsonl.gz` and `hints.json` of a bundled dataset with libs/llm's parsers. */
export async function loadDatasetRecordings(dataset: string, datasetsDir?: string): Promise<DatasetRecordings> {
  const paths = datasetsDir === undefined ? bundledDatasetPaths(dataset) : bundledDatasetPaths(dataset, datasetsDir);
  const [rankingsFile, hintsFile, manifest] = await Promise.all([
    readDatasetFile(paths.llmRankingsPath),
    readDatasetFile(paths.hintsPath),
    loadRecordingsManifest(dataset, datasetsDir),
  ]);
  const rankings = parseRecordedRankings(rankingsFile.text, paths.llmRankingsPath);
  const hints = parseHintsFile(hintsFile.text, paths.hintsPath);
  return {
    rankingByRow: new Map(rankings.map(({ row, ranking }) => [row, catalogueIdsOnly(ranking)])),
    hints: hints.hints,
    model: hints.model,
    ...(manifest === undefined ? {} : { manifest }),
  };
}
