import {
  bundledDatasetPaths,
  DatasetNameTakenError,
  DatasetRepository,
  importDataset,
  listBundledDatasets,
  type ImportDatasetSummary,
  type PrismaClient,
} from '@alkdrec/db';
import { CliError } from '../cli-error';

/**
 * Makes sure `name` is in the database: nothing to do when it is, else imports the bundled dataset
 * of that name. Returns the import summary when it imported.
 */
export async function ensureDataset(
  prisma: PrismaClient,
  name: string,
  note: (text: string) => void,
): Promise<ImportDatasetSummary | undefined> {
  if (await new DatasetRepository(prisma).findByName(name)) return undefined;
  const paths = bundledPathsOrExplain(name);
  note(`dataset ${name} is not in the database yet; importing the bundled copy`);
  try {
    return await importDataset(prisma, { name, itemsPath: paths.itemsPath, sessionsPath: paths.sessionsPath });
  } catch (error) {
    // Another command imported it in the meantime: what we wanted.
    if (error instanceof DatasetNameTakenError) return undefined;
    throw error;
  }
}

export function bundledPathsOrExplain(name: string): { itemsPath: string; sessionsPath: string } {
  let bundled: string[];
  try {
    bundled = listBundledDatasets();
  } catch {
    bundled = [];
  }
  if (!bundled.includes(name)) {
    throw new CliError(
      `unknown dataset "${name}": not in the database and not bundled (bundled: ${bundled.join(', ') || 'none found'}). ` +
        `Import your own with: alkdrec import --name ${name} --items <items.csv> --sessions <sessions.jsonl>`,
    );
  }
  return bundledDatasetPaths(name);
}
