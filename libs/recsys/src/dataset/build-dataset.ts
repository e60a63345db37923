import type { CatalogueItem } from './items-csv';
import type { SessionLine } from './sessions-jsonl';
import { splitCounts, splitOfOrdinal, type SplitCounts, type SplitName } from './split';

/** A session row that survived filtering, with item ids mapped to catalogue indices. */
export interface DatasetSession {
  /** 0-based line number in sessions.jsonl: the key the recorded LLM rankings use. */
  row: number;
  /** 0-based position among kept rows; decides the split. */
  ordinal: number;
  split: SplitName;
  /** Item indices in time order, unknown ids removed, full length (models keep the last 10). */
  items: number[];
  next: number;
}

export interface BuiltDataset {
  items: CatalogueItem[];
  sessions: DatasetSession[];
  /** Rows dropped because `next` is unknown or no known item was left in `items`. */
  droppedRows: number;
  /** `droppedRows` by cause; a row with both problems counts once, as `unknownNext`. */
  droppedRowsBy: { unknownNext: number; noKnownItems: number };
  /** Unknown item ids removed from the `items` of rows that were kept. */
  droppedItems: number;
  counts: SplitCounts;
}

/**
 * Applies the paper's preprocessing (REFERENCE §1): map ids to their items.csv row index, remove
 * unknown ids from each session, drop rows whose next item is unknown or whose session is (or
 * became) empty, then split the kept rows in file order (no shuffling) 60/20/20.
 */
export function buildDataset(items: readonly CatalogueItem[], sessionLines: readonly SessionLine[]): BuiltDataset {
  const indexOfId = new Map<string, number>();
  items.forEach((item, index) => indexOfId.set(item.id, index));

  const kept: Omit<DatasetSession, 'ordinal' | 'split'>[] = [];
  const droppedRowsBy = { unknownNext: 0, noKnownItems: 0 };
  let droppedItems = 0;
  for (const line of sessionLines) {
    const next = indexOfId.get(line.next);
    const known: number[] = [];
    for (const id of line.items) {
      const index = indexOfId.get(id);
      if (index !== undefined) known.push(index);
    }
    if (next === undefined) {
      droppedRowsBy.unknownNext++;
      continue;
    }
    if (known.length === 0) {
      // Includes rows whose `items` was empty in the file (five in amazon-games).
      droppedRowsBy.noKnownItems++;
      continue;
    }
    droppedItems += line.items.length - known.length;
    kept.push({ row: line.row, items: known, next });
  }

  const counts = splitCounts(kept.length);
  const sessions = kept.map((session, ordinal) => ({ ...session, ordinal, split: splitOfOrdinal(ordinal, counts) }));
  return {
    items: [...items],
    sessions,
    droppedRows: droppedRowsBy.unknownNext + droppedRowsBy.noKnownItems,
    droppedRowsBy,
    droppedItems,
    counts,
  };
}
