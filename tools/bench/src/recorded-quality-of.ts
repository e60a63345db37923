import { bundledDatasetPaths, readDatasetFile } from '@alkdrec/db';
import { parseRecordedRankings, recordedQuality, type RecordedQuality } from '@alkdrec/llm';
import { parseSessionsJsonl } from '@alkdrec/recsys';

/** Quality of a bundled dataset's recorded LLM rankings against its sessions' true next items. */
export async function recordedQualityOf(dataset: string): Promise<RecordedQuality> {
  const paths = bundledDatasetPaths(dataset);
  const sessions = parseSessionsJsonl((await readDatasetFile(paths.sessionsPath)).text, paths.sessionsPath);
  const rankings = parseRecordedRankings((await readDatasetFile(paths.llmRankingsPath)).text, paths.llmRankingsPath);
  return recordedQuality(rankings, new Map(sessions.map((s) => [s.row, s.next])));
}
