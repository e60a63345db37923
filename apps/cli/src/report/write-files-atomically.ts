import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes every file to a temporary sibling first and renames them into place only when all are
 * written, so a failure (disk full, a bad path) leaves no half-written file; the temporaries of a
 * failed attempt are removed.
 */
export function writeFilesAtomically(files: readonly { path: string; content: string }[]): void {
  const temporaries: { temp: string; path: string }[] = [];
  try {
    for (const file of files) {
      mkdirSync(dirname(file.path), { recursive: true });
      const temp = `${file.path}.tmp-${process.pid}`;
      temporaries.push({ temp, path: file.path });
      writeFileSync(temp, file.content);
    }
  } catch (error) {
    for (const { temp } of temporaries) rmSync(temp, { force: true });
    throw error;
  }
  for (const { temp, path } of temporaries) renameSync(temp, path);
}
