import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildDataset, decodeUtf8Text, parseItemsCsv, parseSessionsJsonl, type CatalogueItem, type DatasetSession } from '@alkdrec/recsys';

export interface BundledDataset {
  items: CatalogueItem[];
  sessions: DatasetSession[];
  indexOfId: Map<string, number>;
}

/** The nearest ancestor of `start` holding `relativePath` (the repository root, for tests). */
export function repoRootWith(start: string, relativePath: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, relativePath))) return dir;
    if (dirname(dir) === dir) throw new Error(`no ${relativePath} above ${start}`);
  }
}

/** A bundled dataset read straight from datasets/<name>/ (models may not use the database). */
export async function loadBundledDataset(root: string, name: string): Promise<BundledDataset> {
  const text = (file: string) => {
    const path = join(root, 'datasets', name, file);
    return decodeUtf8Text(gunzipSync(readFileSync(path)), path);
  };
  const items = parseItemsCsv(text('items.csv.gz'));
  const built = buildDataset(items, parseSessionsJsonl(text('sessions.jsonl.gz')));
  return { items: built.items, sessions: built.sessions, indexOfId: new Map(built.items.map((item, index) => [item.id, index])) };
}
