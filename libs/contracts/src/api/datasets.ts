import { z } from 'zod';
import { DatasetMetadata } from '../dataset-metadata';
import { DatasetName } from '../domain';
import { cursorField, ONE_WAY_OF_PAGING, oneWayOfPaging, pageFields } from './paging';

/** Times on the wire: ISO 8601 in UTC. */
const Timestamp = z.iso.datetime();
const Count = z.number().int().min(0);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** A dataset and its statistics, as imported (docs/data.md: filtering and the split). */
export const DatasetView = z
  .object({
    name: DatasetName,
    /** Items in items.csv (the catalogue). */
    items: Count,
    /** Kept sessions per split (60 / 20 / 20 % of kept rows, in file order) and in all. */
    sessions: z.object({ train: Count, valid: Count, test: Count, total: Count }),
    dropped: z.object({
      /** Rows of sessions.jsonl dropped: next item unknown, or no known item left. */
      rows: Count,
      /** Of those, by reason; null for a dataset imported before the reasons were stored. */
      rowsByReason: z.object({ unknownNext: Count, noKnownItems: Count }).nullable(),
      /** Unknown item ids removed from kept sessions. */
      items: Count,
    }),
    /** sha256 of the decompressed files (what recorded LLM answers are checked against); null when not stored. */
    content: z.object({ itemsSha256: Sha256.nullable(), sessionsSha256: Sha256.nullable() }),
    /** What the dataset says about itself, set at import (docs/data.md, "Dataset metadata"). */
    metadata: DatasetMetadata,
    createdAt: Timestamp,
  })
  .meta({ id: 'Dataset' });
export type DatasetView = z.infer<typeof DatasetView>;

/** Datasets in name order. */
export const DatasetListQuery = z
  .strictObject({ ...pageFields, cursor: cursorField(1) })
  .refine(oneWayOfPaging, ONE_WAY_OF_PAGING);
export type DatasetListQuery = z.infer<typeof DatasetListQuery>;

export const DatasetListPage = z
  .object({
    datasets: z.array(DatasetView),
    /** Datasets on every page together. */
    total: Count,
    /** The cursor of the next page; null on the last. */
    next: z.string().nullable(),
  })
  .meta({ id: 'DatasetList' });
export type DatasetListPage = z.infer<typeof DatasetListPage>;

export const DatasetParams = z.strictObject({ name: DatasetName });

/**
 * The files of a dataset upload (multipart/form-data), by form field: one list for the route, its
 * documentation and its errors. A file whose name ends in `.gz` is gunzipped, like the CLI's.
 */
export const DATASET_UPLOAD_FILES = {
  items: 'items.csv (or .csv.gz): header naming itemID and title, then one item per record',
  sessions: 'sessions.jsonl (or .jsonl.gz): one {"items": [id, …], "next": id} per line',
} as const;
export type DatasetUploadFile = keyof typeof DATASET_UPLOAD_FILES;

/** The text fields of a dataset upload. */
export const DatasetUploadFields = z.strictObject({
  /** The new dataset's name; bundled datasets' names are reserved for their content. */
  name: DatasetName,
  /**
   * The dataset's metadata as JSON text (what `alkdrec import --metadata` reads from a file; docs/data.md);
   * left out: neutral wording and in-batch negatives (a bundled dataset's own metadata for its name).
   */
  metadata: z.string().max(20_000).optional(),
});

export const DatasetImported = z
  .object({
    dataset: DatasetView,
    /** Wall time of the import: reading, parsing and writing. */
    ms: Count,
  })
  .meta({ id: 'DatasetImported' });
export type DatasetImported = z.infer<typeof DatasetImported>;
