import { readFile } from 'node:fs/promises';
import { DatasetMetadata } from '@alkdrec/contracts';
import { DatasetFileNotFoundError, DatasetFileUnreadableError, DatasetMetadataError } from './import-errors';

/**
 * Parses a dataset's metadata from JSON text (docs/data.md, "Dataset metadata"). `source` is what
 * errors call it: a file's path or an upload's field. Every problem is named by its field.
 */
export function parseDatasetMetadata(text: string, source: string): DatasetMetadata {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DatasetMetadataError(source, [{ field: '', message: `not JSON (${error instanceof Error ? error.message : String(error)})` }]);
  }
  const parsed = DatasetMetadata.safeParse(json);
  if (!parsed.success) {
    throw new DatasetMetadataError(source, parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })));
  }
  return parsed.data;
}

/** Reads and checks a metadata JSON file (a user's `--metadata`, or a bundled dataset's metadata.json). */
export async function readDatasetMetadataFile(path: string): Promise<DatasetMetadata> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DatasetFileNotFoundError(path);
    throw new DatasetFileUnreadableError(path, code === 'EISDIR' ? 'it is a directory, not a file' : String((error as Error).message));
  }
  return parseDatasetMetadata(text, path);
}
