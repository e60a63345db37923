import { DEFAULT_ARTIFACT_STORE, normalizeArtifactStoreSpec } from '@alkdrec/db';
import { z } from 'zod';

/**
 * ARTIFACT_STORE, read by the trainer, the api and the CLI alike: where new checkpoints are
 * written — `postgres` (default: the ModelArtifact table of DATABASE_URL), a directory path or
 * `file:///abs/dir`, or `s3://bucket/prefix` (with the AWS SDKs' variables). Checked at start; a
 * relative directory becomes absolute now, so worker threads and later jobs see the same one.
 */
export function envArtifactStore() {
  return z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .default(DEFAULT_ARTIFACT_STORE)
      .transform((spec, ctx) => {
        try {
          return normalizeArtifactStoreSpec(spec);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
  );
}
