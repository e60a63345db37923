import type { DatasetMetadata } from '@alkdrec/contracts';
import {
  bundledMetadataOf, DatasetMetadataError, DatasetNotFoundError, DatasetRepository, importDataset, readDatasetMetadataFile,
  type ImportDatasetSummary, type PrismaClient,
} from '@alkdrec/db';
import type { ImportSource } from '../args/parsed-command';
import { CliError } from '../cli-error';
import { printResult, type CliContext } from '../commands/cli-context';
import { formatDuration } from '../output/format-duration';
import { keyValueLines } from '@alkdrec/text-table';
import { bundledPathsOrExplain } from './ensure-dataset';
import { prepareDatabase } from './prepare-database';

/** `alkdrec import`: straight into PostgreSQL through the db library (no queue involved). */
export async function importCommand(ctx: CliContext, source: ImportSource, json: boolean): Promise<void> {
  const note = (text: string) => ctx.stderr.write(`[import] ${text}\n`);
  // A bad metadata file is refused before the database is even prepared.
  const metadata = await metadataFileOf(source);
  const prisma = await prepareDatabase(ctx, note);
  try {
    if (source.kind === 'update-metadata') {
      const updated = await updateMetadata(prisma, source.name, metadata ?? (await bundledMetadataOrExplain(source.name)));
      printResult(ctx, json, { command: 'import', result: { name: source.name, metadata: updated } }, formatMetadata(source.name, updated));
      return;
    }
    const options =
      source.kind === 'bundled'
        ? { name: source.dataset, ...bundledPathsOrExplain(source.dataset) }
        : { name: source.name, itemsPath: source.itemsPath, sessionsPath: source.sessionsPath, ...(metadata ? { metadata } : {}) };
    const summary = await importDataset(prisma, options);
    printResult(ctx, json, { command: 'import', result: summary }, formatImportSummary(summary));
  } finally {
    await prisma.$disconnect();
  }
}

/** The user's --metadata file, checked (errors name the file and the field); undefined when none was given. */
async function metadataFileOf(source: ImportSource): Promise<DatasetMetadata | undefined> {
  const path = source.kind === 'files' ? source.metadataPath : source.kind === 'update-metadata' && !source.from.bundled ? source.from.metadataPath : undefined;
  if (path === undefined) return undefined;
  try {
    return await readDatasetMetadataFile(path);
  } catch (error) {
    if (error instanceof DatasetMetadataError) throw new CliError(error.message);
    throw error;
  }
}

async function bundledMetadataOrExplain(name: string): Promise<DatasetMetadata> {
  bundledPathsOrExplain(name);
  const metadata = await bundledMetadataOf(name);
  if (!metadata) throw new CliError(`the bundled dataset ${name} has no metadata.json; give one with --name ${name} --metadata <file.json>`);
  return metadata;
}

async function updateMetadata(prisma: PrismaClient, name: string, metadata: DatasetMetadata): Promise<DatasetMetadata> {
  try {
    await new DatasetRepository(prisma).updateMetadata(name, metadata);
    return metadata;
  } catch (error) {
    if (error instanceof DatasetNotFoundError) throw new CliError(`dataset ${name} is not imported: nothing to update (import it instead: alkdrec import --help)`);
    throw error;
  }
}

export function formatImportSummary(s: ImportDatasetSummary): string {
  return keyValueLines([
    ['dataset', `${s.name} (id ${s.datasetId})`],
    ['items', String(s.itemCount)],
    ['sessions', `${s.rowCount} kept: ${s.train} train / ${s.valid} valid / ${s.test} test`],
    ['dropped', `${s.droppedRows} rows, ${s.droppedItems} unknown item occurrences`],
    ...metadataLines(s.metadata),
    ['time', formatDuration(s.ms)],
  ]);
}

function formatMetadata(name: string, metadata: DatasetMetadata): string {
  return keyValueLines([['dataset', `${name}: metadata updated`], ...metadataLines(metadata)]);
}

/** "users watched movies"; "negatives  attmix: uniform-bce, others in-batch". */
function metadataLines(metadata: DatasetMetadata): [string, string][] {
  const named = Object.entries(metadata.negatives).map(([backbone, scheme]) => `${backbone}: ${scheme}`);
  return [
    ['wording', `users ${metadata.domain.verb} ${metadata.domain.items}`],
    ['negatives', named.length === 0 ? 'in-batch for every backbone' : `${named.join(', ')}; in-batch otherwise`],
  ];
}
