import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';

/**
 * A fresh directory under the system's temp dir for one suite's fixture files, removed after the
 * suite. Call inside a `describe`. `write` creates the file's folders as needed.
 */
export function tempTree(prefix: string): { root: string; write: (path: string, text: string) => void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(root, { recursive: true, force: true }));
  return {
    root,
    write: (path, text) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    },
  };
}
