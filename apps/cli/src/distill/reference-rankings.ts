import { readFile } from 'node:fs/promises';
import type { DistillPayload } from '@alkdrec/contracts';
import { bundledDatasetPaths, readDatasetFile, type ReferenceSelectionStrategy } from '@alkdrec/db';
import { catalogueIdsOnly, parseRecordedRankings } from '@alkdrec/llm';
import { parseItemsCsv } from '@alkdrec/recsys';
import { CliError } from '../cli-error';

export interface ReferenceRankings {
  rankings: Extract<DistillPayload['source'], { kind: 'rankings' }>['rankings'];
  /** Selected rows without a recorded answer, and recorded ids outside the catalogue. */
  missingRows: number;
  droppedIds: number;
}

/**
 * The paper's own selection for a strategy (reference-selections/<strategy>.txt, in draw order) and
 * the GPT-4 answers recorded for those sessions, as catalogue indices: distils exactly what the
 * paper's runs distilled, with no LLM call. The first `budget` rows with a recorded answer are used.
 */
/** The bundled files of a dataset's recorded GPT-4 answers, as catalogue indices by session row. */
export async function recordedRankingsByRow(dataset: string): Promise<{ byRow: Map<number, number[]>; droppedIds: Map<number, number> }> {
  let paths;
  try {
    paths = bundledDatasetPaths(dataset);
  } catch {
    throw new CliError(`dataset "${dataset}" is not bundled: recorded answers exist only for the bundled datasets`);
  }
  const items = parseItemsCsv((await readDatasetFile(paths.itemsPath)).text, paths.itemsPath);
  const indexOf = new Map(items.map((item, index) => [item.id, index]));
  const byRow = new Map<number, number[]>();
  const droppedIds = new Map<number, number>();
  for (const { row, ranking } of parseRecordedRankings((await readDatasetFile(paths.llmRankingsPath)).text, paths.llmRankingsPath)) {
    const indices = catalogueIdsOnly(ranking).map((id) => indexOf.get(id)).filter((index): index is number => index !== undefined);
    // 509 of MovieLens' 4,992 recordings repeat an id: keep its first occurrence (REFERENCE §4), as
    // the replay provider does, so a repeated item is neither weighted twice nor pushes others down.
    byRow.set(row, [...new Set(indices)].slice(0, 100));
    droppedIds.set(row, ranking.length - indices.length);
  }
  return { byRow, droppedIds };
}

/**
 * The paper's own selection for a strategy (reference-selections/<strategy>.txt, in draw order) and
 * the GPT-4 answers recorded for those sessions, as catalogue indices: distils exactly what the
 * paper's runs distilled, with no LLM call. The first `budget` rows with a recorded answer are used.
 */
export async function referenceRankings(dataset: string, strategy: ReferenceSelectionStrategy, budget: number): Promise<ReferenceRankings> {
  const recorded = await recordedRankingsByRow(dataset);
  const selectionPath = bundledDatasetPaths(dataset).referenceSelectionPaths[strategy];
  const rows = (await readFile(selectionPath, 'utf8'))
    .split('\n')
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, number }) => {
      const row = Number(line);
      if (!Number.isInteger(row) || row < 0) throw new CliError(`${selectionPath} line ${number}: expected a row number, found "${line}"`);
      return row;
    });
  const rankings: ReferenceRankings['rankings'] = [];
  let missingRows = 0;
  let droppedIds = 0;
  for (const row of rows) {
    if (rankings.length === budget) break;
    const ranking = recorded.byRow.get(row);
    if (!ranking) {
      missingRows++;
      continue;
    }
    droppedIds += recorded.droppedIds.get(row) ?? 0;
    rankings.push({ row, ranking });
  }
  if (rankings.length < budget) {
    throw new CliError(`the reference ${strategy} selection of ${dataset} has only ${rankings.length} recorded answers (${budget} asked)`);
  }
  return { rankings, missingRows, droppedIds };
}
