import { readFile } from 'node:fs/promises';
import { findBundledDataset } from '@alkdrec/db';
import { z } from 'zod';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in lower-case hex');

/**
 * `datasets/<name>/recordings.json`: which content the bundled recordings (GPT-4 rankings and
 * hints) were made for — the sha256 of the decompressed items.csv and sessions.jsonl, as the
 * importer stores them in `Dataset.source` — and by which model.
 */
export const RecordingsManifest = z.object({
  dataset: z.string().min(1),
  model: z.string().min(1),
  itemsContentSha256: Sha256,
  sessionsContentSha256: Sha256,
});
export type RecordingsManifest = z.infer<typeof RecordingsManifest>;

/**
 * The recordings manifest of the bundled dataset `dataset`, or undefined when no dataset of that
 * name is bundled (so nothing can be replayed for it). A bundled dataset without a valid manifest
 * is a broken checkout: that throws, naming the file.
 */
export async function loadRecordingsManifest(dataset: string, datasetsDir?: string): Promise<RecordingsManifest | undefined> {
  const bundled = findBundledDataset(dataset, datasetsDir);
  if (!bundled) return undefined;
  const file = bundled.recordingsManifestPath;
  let manifest: RecordingsManifest;
  try {
    manifest = RecordingsManifest.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    const problem = error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ') : (error as Error).message;
    throw new Error(`bad recordings manifest ${file}: ${problem}`);
  }
  if (manifest.dataset !== dataset) {
    throw new Error(`bad recordings manifest ${file}: it names dataset ${JSON.stringify(manifest.dataset)}, not ${JSON.stringify(dataset)}`);
  }
  return manifest;
}
