import { shortSha } from '@alkdrec/db';
import type { RecordingsManifest } from './recordings-manifest';

/** The dataset as stored: its name and `Dataset.source` (JSON with `items.contentSha256`, `sessions.contentSha256`). */
export interface ReplayedDataset {
  name: string;
  source: unknown;
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
  const items = contentSha256Of(dataset.source, 'items');
  const sessions = contentSha256Of(dataset.source, 'sessions');
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

function contentSha256Of(source: unknown, file: 'items' | 'sessions'): string | undefined {
  const entry = (source as Record<string, unknown> | null | undefined)?.[file];
  const sha = (entry as Record<string, unknown> | null | undefined)?.['contentSha256'];
  return typeof sha === 'string' ? sha : undefined;
}

function describeSha(sha: string | undefined): string {
  return sha === undefined ? 'not recorded' : `${shortSha(sha)}…`;
}
