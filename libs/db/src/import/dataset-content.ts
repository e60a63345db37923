/**
 * The sha256 of a dataset's decompressed items.csv and sessions.jsonl as the importer stored them
 * (`Dataset.source.items.contentSha256`, `…sessions.contentSha256`); undefined for a dataset
 * imported before they were stored. What recordings made for one content are checked against.
 */
export interface DatasetContent {
  itemsSha256: string | undefined;
  sessionsSha256: string | undefined;
}

/** Reads the content hashes out of a stored `Dataset.source` (whatever its age: missing ones are undefined). */
export function datasetContentOf(source: unknown): DatasetContent {
  const sha = (file: 'items' | 'sessions'): string | undefined => {
    const entry = (source as Record<string, unknown> | null | undefined)?.[file];
    const value = (entry as Record<string, unknown> | null | undefined)?.['contentSha256'];
    return typeof value === 'string' ? value : undefined;
  };
  return { itemsSha256: sha('items'), sessionsSha256: sha('sessions') };
}
