import { DatasetFormatError } from './errors';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Decodes a data file as UTF-8, dropping a leading byte-order mark. Invalid bytes are an error
 * (naming the line) rather than U+FFFD, so a Latin-1 catalogue is caught at import, not as odd
 * titles in a prompt later.
 */
export function decodeUtf8Text(bytes: Uint8Array, file: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const bad = lenient.indexOf('\uFFFD');
    const line = bad === -1 ? 1 : lenient.slice(0, bad).split('\n').length;
    throw new DatasetFormatError(file, line, 'invalid UTF-8 (save the file as UTF-8)');
  }
}
