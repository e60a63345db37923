import { importDataset, type ImportDatasetSummary } from '@alkdrec/db';
import type { ImportSource } from '../args/parsed-command';
import { printResult, type CliContext } from '../commands/cli-context';
import { formatDuration } from '../output/format-duration';
import { keyValueLines } from '@alkdrec/text-table';
import { bundledPathsOrExplain } from './ensure-dataset';
import { prepareDatabase } from './prepare-database';

/** `alkdrec import`: straight into PostgreSQL through the db library (no queue involved). */
export async function importCommand(ctx: CliContext, source: ImportSource, json: boolean): Promise<void> {
  const note = (text: string) => ctx.stderr.write(`[import] ${text}\n`);
  const options =
    source.kind === 'bundled'
      ? { name: source.dataset, ...bundledPathsOrExplain(source.dataset) }
      : { name: source.name, itemsPath: source.itemsPath, sessionsPath: source.sessionsPath };
  const prisma = await prepareDatabase(ctx, note);
  try {
    const summary = await importDataset(prisma, options);
    printResult(ctx, json, { command: 'import', result: summary }, formatImportSummary(summary));
  } finally {
    await prisma.$disconnect();
  }
}

export function formatImportSummary(s: ImportDatasetSummary): string {
  return keyValueLines([
    ['dataset', `${s.name} (id ${s.datasetId})`],
    ['items', String(s.itemCount)],
    ['sessions', `${s.rowCount} kept: ${s.train} train / ${s.valid} valid / ${s.test} test`],
    ['dropped', `${s.droppedRows} rows, ${s.droppedItems} unknown item occurrences`],
    ['time', formatDuration(s.ms)],
  ]);
}
