import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { findRepoRoot } from '../util/find-repo-root';

/**
 * ARTIFACT_STORE, read the same way by every role that reaches model checkpoints (the trainer
 * writes them; the CLI's export and the api read them): a directory or a URL, by default
 * <repo root>/.alkdrec/artifacts. Relative paths resolve against the working directory now, so a
 * sandbox thread and every later job see the same absolute path.
 */
export function artifactStoreEnv() {
  return z
    .preprocess((v) => (v === '' ? undefined : v), z.string().optional())
    .transform((store) => {
      if (store === undefined) return resolve(findRepoRoot(), '.alkdrec/artifacts');
      return isAbsolute(store) || /^[a-z][a-z0-9+.-]*:\/\//i.test(store) ? store : resolve(store);
    });
}
