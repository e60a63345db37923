import { parseCsvRecords } from './csv';
import { quoteInput } from './echo-input';
import { DatasetFormatError } from './errors';

/** One catalogue row of items.csv; its position in the returned array is the item's index. */
export interface CatalogueItem {
  /** The dataset's own id (MovieLens movie id, Amazon ASIN), kept verbatim as a string. */
  id: string;
  title: string;
  /** 1-based line where the record starts, for error messages further down the pipeline. */
  line: number;
}

export const ITEMS_CSV_COLUMNS = ['itemID', 'title'] as const;

/**
 * Parses items.csv: a header naming the columns `itemID` and `title` (in any order; other columns
 * are allowed and ignored), then one record per item. The record order is the paper's item index,
 * so nothing is sorted or deduplicated: a duplicate or empty id is an error instead.
 */
export function parseItemsCsv(text: string, file = 'items.csv'): CatalogueItem[] {
  const [header, ...records] = parseCsvRecords(text, file);
  if (header === undefined) {
    throw new DatasetFormatError(file, 1, `missing header: expected "${ITEMS_CSV_COLUMNS.join(',')}"`);
  }
  const [idColumn, titleColumn] = ITEMS_CSV_COLUMNS.map((name) => {
    const column = header.fields.indexOf(name);
    if (column === -1) {
      throw new DatasetFormatError(
        file,
        header.line,
        `missing column "${name}" in header (found ${quoteInput(header.fields.join(','))}; expected "${ITEMS_CSV_COLUMNS.join(',')}")`,
      );
    }
    return column;
  }) as [number, number];

  const items: CatalogueItem[] = [];
  const firstLineOfId = new Map<string, number>();
  for (const { fields, line } of records) {
    if (fields.length !== header.fields.length) {
      throw new DatasetFormatError(file, line, `expected ${header.fields.length} fields, found ${fields.length}`);
    }
    const id = fields[idColumn] as string;
    const title = fields[titleColumn] as string;
    if (id.trim() === '') {
      throw new DatasetFormatError(file, line, 'empty item id');
    }
    if (id.includes('\u0000') || title.includes('\u0000')) {
      // A NUL byte means a corrupt or binary file; it also cannot be stored in Postgres text.
      throw new DatasetFormatError(file, line, 'NUL character in a field (is this a text file?)');
    }
    const seen = firstLineOfId.get(id);
    if (seen !== undefined) {
      throw new DatasetFormatError(file, line, `duplicate item id ${quoteInput(id)} (first seen on line ${seen})`);
    }
    firstLineOfId.set(id, line);
    items.push({ id, title, line });
  }
  return items;
}
