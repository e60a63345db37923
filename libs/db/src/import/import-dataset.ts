import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { existsSync } from 'node:fs';
import { DatasetName, NEUTRAL_DATASET_METADATA, type DatasetMetadata } from '@alkdrec/contracts';
import {
  buildDataset, MIN_DATASET_SIZE, parseItemsCsv, parseSessionsJsonl, untrainableReason, type BuiltDataset, type DatasetSize,
} from '@alkdrec/recsys';
import { findBundledDataset } from '../bundled-datasets';
import { readDatasetMetadataFile } from './dataset-metadata-file';
import { bulkInsert, type BulkColumn } from '../bulk-insert';
import { toJsonValue } from '../json-value';
import { Prisma, type Item, type PrismaClient, type Session } from '../prisma-client';
import { SPLIT_TO_ENUM } from '../split-enum';
import {
  DatasetNameTakenError, DatasetNotTrainableError, InvalidDatasetNameError, ReservedDatasetNameError, type ContentMismatch,
} from './import-errors';
import { readDatasetFile, type DatasetFile } from './read-dataset-file';

export interface ImportDatasetOptions {
  name: string;
  /** items.csv or items.csv.gz */
  itemsPath: string;
  /** sessions.jsonl or sessions.jsonl.gz */
  sessionsPath: string;
  /**
   * What errors and `Dataset.source` call the two files instead of their paths: an upload's
   * temporary files are better named by what the client sent (e.g. `items (upload "my-items.csv")`).
   */
  sourceNames?: { items: string; sessions: string };
  /**
   * What the dataset says about itself (prompt wording, default negatives). When left out: a bundled
   * dataset's own metadata.json, else the neutral metadata — never anything read from the name.
   */
  metadata?: DatasetMetadata;
  /** Where the bundled datasets, whose names are reserved for their own content, are; default: found as usual. */
  datasetsDir?: string;
  /**
   * The smallest dataset accepted; default recsys' MIN_DATASET_SIZE, what training and a whole run
   * need. Only the importer's own tests, whose fixtures are a few readable rows, pass less.
   */
  minimumSize?: Readonly<DatasetSize>;
}

export interface ImportDatasetSummary {
  datasetId: number;
  name: string;
  itemCount: number;
  rowCount: number;
  droppedRows: number;
  droppedItems: number;
  train: number;
  valid: number;
  test: number;
  /** As stored on the Dataset row. */
  metadata: DatasetMetadata;
  /** Wall time of the whole import: reading, parsing and writing. */
  ms: number;
}

/** Provenance stored in Dataset.source. */
export type DatasetSource = {
  items: SourceFile;
  sessions: SourceFile;
  droppedRowsBy: { unknownNext: number; noKnownItems: number };
};
/**
 * `path` is absolute, or the name the importer was given for it (`sourceNames`); `sha256` is of the
 * bytes on disk, `contentSha256` of the decompressed text.
 */
export type SourceFile = { path: string; sha256: string; contentSha256: string };

const ITEM_COLUMNS: BulkColumn<Item>[] = [
  { name: 'datasetId', sqlType: 'int' },
  { name: 'index', sqlType: 'int' },
  { name: 'externalId', sqlType: 'text' },
  { name: 'title', sqlType: 'text' },
];
const SESSION_COLUMNS: BulkColumn<Session>[] = [
  { name: 'datasetId', sqlType: 'int' },
  { name: 'row', sqlType: 'int' },
  { name: 'ordinal', sqlType: 'int' },
  { name: 'split', sqlType: '"Split"' },
  { name: 'items', sqlType: 'int[]' },
  { name: 'next', sqlType: 'int' },
];

// Games writes ~46k rows in about a second here; the default 5 s interactive-transaction timeout
// leaves too little room on a slow disk, and hitting the timeout only ever rolls everything back.
const TRANSACTION_TIMEOUT_MS = 2 * 60_000;

/**
 * Imports items.csv + sessions.jsonl (plain or .gz) as a new dataset: checks the name, reads the
 * files (a bundled dataset's name only with the bundled content), parses them completely (every
 * format problem is reported with file and line before the database is touched), refuses a dataset
 * too small to train on, then writes Dataset, Items and Sessions in one transaction, so a failure
 * at any point leaves no trace.
 */
export async function importDataset(prisma: PrismaClient, options: ImportDatasetOptions): Promise<ImportDatasetSummary> {
  const started = performance.now();
  const name = checkDatasetName(options.name);
  await assertNameFree(prisma, name);

  const [itemsFile, sessionsFile] = await Promise.all([
    readDatasetFile(options.itemsPath, options.sourceNames?.items),
    readDatasetFile(options.sessionsPath, options.sourceNames?.sessions),
  ]);
  await assertBundledContentIfReserved(name, itemsFile, sessionsFile, options.datasetsDir);
  const metadata = options.metadata ?? (await bundledMetadataOf(name, options.datasetsDir)) ?? NEUTRAL_DATASET_METADATA;
  const built = buildDataset(
    parseItemsCsv(itemsFile.text, itemsFile.path),
    parseSessionsJsonl(sessionsFile.text, sessionsFile.path),
  );
  assertTrainable(built, itemsFile.path, sessionsFile.path, options.minimumSize ?? MIN_DATASET_SIZE);

  const datasetId = await prisma
    .$transaction(
      async (tx) => {
        const dataset = await tx.dataset.create({
          data: {
            name,
            itemCount: built.items.length,
            rowCount: built.sessions.length,
            droppedRows: built.droppedRows,
            droppedItems: built.droppedItems,
            trainCount: built.counts.train,
            validCount: built.counts.valid,
            testCount: built.counts.test,
            source: sourceOf(itemsFile, sessionsFile, built, options.sourceNames !== undefined),
            metadata: toJsonValue(metadata),
          },
          select: { id: true },
        });
        await bulkInsert(
          tx,
          'Item',
          ITEM_COLUMNS,
          built.items.map((item, index) => ({ datasetId: dataset.id, index, externalId: item.id, title: item.title })),
        );
        await bulkInsert(
          tx,
          'Session',
          SESSION_COLUMNS,
          built.sessions.map((session) => ({
            datasetId: dataset.id,
            row: session.row,
            ordinal: session.ordinal,
            split: SPLIT_TO_ENUM[session.split],
            items: session.items,
            next: session.next,
          })),
        );
        return dataset.id;
      },
      { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 30_000 },
    )
    .catch((error: unknown) => {
      // Another import of the same name committed between our check and our insert.
      if (isUniqueViolation(error)) throw new DatasetNameTakenError(name);
      throw error;
    });

  return {
    datasetId,
    name,
    itemCount: built.items.length,
    rowCount: built.sessions.length,
    droppedRows: built.droppedRows,
    droppedItems: built.droppedItems,
    ...built.counts,
    metadata,
    ms: Math.round(performance.now() - started),
  };
}

function checkDatasetName(name: string): string {
  const parsed = DatasetName.safeParse(name);
  if (!parsed.success) {
    throw new InvalidDatasetNameError(name, parsed.error.issues.map((issue) => issue.message).join('; '));
  }
  return parsed.data;
}

async function assertNameFree(prisma: PrismaClient, name: string): Promise<void> {
  const existing = await prisma.dataset.findUnique({ where: { name }, select: { id: true } });
  if (existing) throw new DatasetNameTakenError(name);
}

/**
 * A bundled dataset's name is reserved for the bundled content (its recorded LLM answers and
 * reference selections refer to its rows by number): the same files, or the same data gunzipped or
 * gzipped again — compared by the sha256 of the decompressed content.
 */
async function assertBundledContentIfReserved(
  name: string,
  itemsFile: DatasetFile,
  sessionsFile: DatasetFile,
  datasetsDir: string | undefined,
): Promise<void> {
  const bundled = findBundledDataset(name, datasetsDir);
  if (!bundled) return;
  const [bundledItems, bundledSessions] = await Promise.all([readDatasetFile(bundled.itemsPath), readDatasetFile(bundled.sessionsPath)]);
  const mismatches: ContentMismatch[] = [
    { file: 'items' as const, given: itemsFile.contentSha256, bundled: bundledItems.contentSha256 },
    { file: 'sessions' as const, given: sessionsFile.contentSha256, bundled: bundledSessions.contentSha256 },
  ].filter((pair) => pair.given !== pair.bundled);
  if (mismatches.length > 0) throw new ReservedDatasetNameError(name, mismatches);
}

/**
 * The metadata a bundled dataset carries in its folder (its name is reserved for its content, which
 * the caller has checked), or undefined for a dataset that is not bundled or bundles none.
 */
export async function bundledMetadataOf(name: string, datasetsDir?: string): Promise<DatasetMetadata | undefined> {
  const bundled = findBundledDataset(name, datasetsDir);
  if (!bundled || !existsSync(bundled.metadataPath)) return undefined;
  return readDatasetMetadataFile(bundled.metadataPath);
}

function assertTrainable(built: BuiltDataset, itemsPath: string, sessionsPath: string, minimum: Readonly<DatasetSize>): void {
  const reason = untrainableReason({ items: built.items.length, ...built.counts }, minimum);
  if (reason === undefined) return;
  const { unknownNext, noKnownItems } = built.droppedRowsBy;
  const rows = built.sessions.length + built.droppedRows;
  const dropped =
    built.droppedRows === 0
      ? ''
      : `; ${built.droppedRows} of ${rows} rows were dropped (${unknownNext} whose next item is not in items.csv, ` +
        `${noKnownItems} with no item in items.csv)`;
  throw new DatasetNotTrainableError(itemsPath, sessionsPath, `${reason}${dropped}`);
}

function sourceOf(itemsFile: DatasetFile, sessionsFile: DatasetFile, built: BuiltDataset, named: boolean): DatasetSource {
  const describe = (file: DatasetFile): SourceFile => ({
    path: named ? file.path : path.resolve(file.path),
    sha256: file.sha256,
    contentSha256: file.contentSha256,
  });
  return { items: describe(itemsFile), sessions: describe(sessionsFile), droppedRowsBy: built.droppedRowsBy };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
