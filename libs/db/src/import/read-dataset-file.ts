import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { decodeUtf8Text, DatasetFormatError } from '@alkdrec/recsys';
import { DatasetFileNotFoundError, DatasetFileUnreadableError } from './import-errors';

const gunzipAsync = promisify(gunzip);

/** What the usual read failures mean, in words; anything else keeps Node's message. */
const UNREADABLE_REASONS: Record<string, string> = {
  EISDIR: 'it is a directory, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many symbolic links',
};

export interface DatasetFile {
  /** What errors call the file: its path, or the name the caller gave it (an upload's field). */
  path: string;
  text: string;
  /** sha256 of the bytes on disk (what `sha256sum <path>` prints). */
  sha256: string;
  /** sha256 of the decompressed content: equal for `x` and `x.gz` of the same data. */
  contentSha256: string;
}

/**
 * Reads a text data file, gunzipping it when the name ends in `.gz`. `name` is what its errors call
 * it (default: the path) — an upload's temporary file is better named by the form field it came in.
 */
export async function readDatasetFile(path: string, name: string = path): Promise<DatasetFile> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new DatasetFileNotFoundError(name);
    throw new DatasetFileUnreadableError(name, UNREADABLE_REASONS[code ?? ''] ?? (error as Error).message);
  }
  let content = raw;
  if (path.endsWith('.gz')) {
    try {
      content = await gunzipAsync(raw);
    } catch (error) {
      throw new DatasetFormatError(name, 1, `not a valid gzip file (${(error as Error).message})`);
    }
  }
  const fileSha256 = sha256(raw);
  return {
    path: name,
    text: decodeUtf8Text(content, name),
    sha256: fileSha256,
    contentSha256: content === raw ? fileSha256 : sha256(content),
  };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
