import { shortSha, type DatasetContent } from '@alkdrec/db';
import type { RecordingsManifest } from './recordings-manifest';

/** The dataset as stored: its name and its content's hashes (`datasetContentOf(Dataset.source)`). */
export interface ReplayedDataset {
  name: string;
  content: DatasetContent;
}

/** Replay was asked to answer for a dataset its recordings were not made for; retrying cannot help. */
export class ReplayDatasetMismatchError extends Error {
  override readonly name = 'ReplayDatasetMismatchError';
  constructor(
    readonly dataset: string,
    message: string,
  ) {
    super(message);
  }
}

export type ReplayDatasetCheck = { ok: true } | { ok: false; error: ReplayDatasetMismatchError };

/**
 * Whether replay's recordings fit `dataset` (pure). The recordings name sessions by row number, so
 * they fit only the content they were made for: the bundled copy, by the content sha256 the importer
 * stored. `manifest` is undefined when no dataset of that name is bundled.
 */
export function checkReplayDataset(dataset: ReplayedDataset, manifest: RecordingsManifest | undefined): ReplayDatasetCheck {
  const name = JSON.stringify(dataset.name);
  if (manifest === undefined) {
    return mismatch(
      dataset.name,
      `replay has recorded answers only for the bundled datasets, and ${name} is not one of them; run it with a live --provider`,
    );
  }
  const { itemsSha256: items, sessionsSha256: sessions } = dataset.content;
  if (items === manifest.itemsContentSha256 && sessions === manifest.sessionsContentSha256) return { ok: true };
  return mismatch(
    dataset.name,
    `replay cannot answer for dataset ${name}: its recorded ${manifest.model} answers and hints were made for the bundled copy ` +
      `(items ${shortSha(manifest.itemsContentSha256)}…, sessions ${shortSha(manifest.sessionsContentSha256)}…), ` +
      `but the imported dataset has other content (items ${describeSha(items)}, sessions ${describeSha(sessions)}); ` +
      `import your files under another name and use a live --provider, or replace this dataset with the bundled copy`,
  );
}

function mismatch(dataset: string, message: string): ReplayDatasetCheck {
  return { ok: false, error: new ReplayDatasetMismatchError(dataset, message) };
}

function describeSha(sha: string | undefined): string {
  return sha === undefined ? 'not recorded' : `${shortSha(sha)}…`;
}
