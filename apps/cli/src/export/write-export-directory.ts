import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ExportFile } from '@alkdrec/serving';
import { CliError, UsageError } from '../cli-error';
import type { Interrupts } from '../interrupts';

/** Refuses an --out that exists and is a file, or a directory with anything in it. */
export async function checkOutputDirectory(out: string): Promise<void> {
  let entries: string[];
  try {
    if (!(await stat(out)).isDirectory()) throw new UsageError(`--out ${out} exists and is not a directory`);
    entries = await readdir(out);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (entries.length > 0) throw new UsageError(`--out ${out} is not empty (${entries.length} entries); give a new or empty directory`);
}

/**
 * Writes the files into a temporary sibling of `out` (same filesystem), flushes them, and renames it
 * to `out` — which replaces an empty directory atomically — so no half-written export is ever
 * visible under `out`. The temporary directory is removed on failure and on Ctrl-C.
 */
export async function writeExportDirectory(out: string, files: readonly ExportFile[], interrupts: Interrupts): Promise<void> {
  await mkdir(dirname(out), { recursive: true });
  const temporary = join(dirname(out), `.${basename(out)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  const unregister = interrupts.register({
    started: () => [],
    stop: () => rm(temporary, { recursive: true, force: true }),
    kill: () => rmSync(temporary, { recursive: true, force: true }),
  });
  try {
    await mkdir(temporary);
    for (const file of files) {
      const path = join(temporary, ...file.path.split('/'));
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(file.bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    await checkOutputDirectory(out); // nothing appeared there meanwhile
    try {
      await rename(temporary, out);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') throw new UsageError(`--out ${out} is no longer empty; nothing was written there`);
      throw new CliError(`cannot move the export into ${out}: ${(error as Error).message}`);
    }
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  } finally {
    unregister();
  }
}
