import type { DatasetView } from '@alkdrec/contracts';
import { datasetContentOf, datasetMetadataOf, type Dataset } from '@alkdrec/db';

/** A Dataset row as the api shows it; what the row's `source` lacks (older imports) is null. */
export function toDatasetView(row: Dataset): DatasetView {
  const content = datasetContentOf(row.source);
  return {
    name: row.name,
    items: row.itemCount,
    sessions: { train: row.trainCount, valid: row.validCount, test: row.testCount, total: row.rowCount },
    dropped: { rows: row.droppedRows, rowsByReason: droppedRowsByOf(row.source), items: row.droppedItems },
    content: { itemsSha256: content.itemsSha256 ?? null, sessionsSha256: content.sessionsSha256 ?? null },
    metadata: datasetMetadataOf(row),
    createdAt: row.createdAt.toISOString(),
  };
}

function droppedRowsByOf(source: unknown): DatasetView['dropped']['rowsByReason'] {
  const by = (source as { droppedRowsBy?: { unknownNext?: unknown; noKnownItems?: unknown } } | null)?.droppedRowsBy;
  if (typeof by?.unknownNext !== 'number' || typeof by.noKnownItems !== 'number') return null;
  return { unknownNext: by.unknownNext, noKnownItems: by.noKnownItems };
}
