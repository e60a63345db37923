import { bundledDatasetPaths, readDatasetFile } from '@alkdrec/db';
import { buildDataset, parseItemsCsv, parseSessionsJsonl, type DatasetSession } from '@alkdrec/recsys';

export interface Splits {
  itemCount: number;
  train: DatasetSession[];
  valid: DatasetSession[];
  test: DatasetSession[];
}

/** A bundled dataset straight from its files (no database): benchmarks measure the models only. */
export async function loadBundledSplits(name: string): Promise<Splits> {
  const paths = bundledDatasetPaths(name);
  const items = parseItemsCsv((await readDatasetFile(paths.itemsPath)).text, paths.itemsPath);
  const lines = parseSessionsJsonl((await readDatasetFile(paths.sessionsPath)).text, paths.sessionsPath);
  const built = buildDataset(items, lines);
  return {
    itemCount: built.items.length,
    train: built.sessions.filter((s) => s.split === 'train'),
    valid: built.sessions.filter((s) => s.split === 'valid'),
    test: built.sessions.filter((s) => s.split === 'test'),
  };
}
