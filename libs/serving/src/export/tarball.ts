import { gzipSync } from 'node:zlib';

/** One file of an export: a relative `/`-separated path and its bytes. */
export interface ExportFile {
  path: string;
  bytes: Uint8Array;
}

export interface TarOptions {
  /** A directory every entry is placed under (e.g. `alkdrec-model-<id>`); none by default. */
  root?: string;
  /** Modification time of every entry, in seconds since the epoch (default 0, so output is reproducible). */
  mtimeSeconds?: number;
}

const BLOCK = 512;

/** A gzipped ustar archive of the files, with an entry for every directory on their paths. */
export function toTarball(files: readonly ExportFile[], options: TarOptions = {}): Uint8Array {
  return new Uint8Array(gzipSync(toTar(files, options)));
}

/** An uncompressed POSIX ustar archive (what `tar -x` reads). */
export function toTar(files: readonly ExportFile[], options: TarOptions = {}): Uint8Array {
  const mtime = Math.max(0, Math.floor(options.mtimeSeconds ?? 0));
  const prefixed = files.map((f) => ({ path: joinPath(options.root, checkedPath(f.path)), bytes: f.bytes }));
  const blocks: Uint8Array[] = [];
  const directories = new Set<string>();
  for (const file of prefixed) {
    const parts = file.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = `${parts.slice(0, i).join('/')}/`;
      if (directories.has(dir)) continue;
      directories.add(dir);
      blocks.push(header(dir, 0, mtime, '5'));
    }
    blocks.push(header(file.path, file.bytes.length, mtime, '0'), file.bytes);
    const padding = (BLOCK - (file.bytes.length % BLOCK)) % BLOCK;
    if (padding > 0) blocks.push(new Uint8Array(padding));
  }
  blocks.push(new Uint8Array(2 * BLOCK)); // end of archive
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const b of blocks) {
    out.set(b, offset);
    offset += b.length;
  }
  return out;
}

function header(path: string, size: number, mtime: number, type: '0' | '5'): Uint8Array {
  const block = new Uint8Array(BLOCK);
  const { name, prefix } = splitName(path);
  writeText(block, 0, 100, name);
  writeOctal(block, 100, 8, type === '5' ? 0o755 : 0o644);
  writeOctal(block, 108, 8, 0); // uid
  writeOctal(block, 116, 8, 0); // gid
  writeOctal(block, 124, 12, size);
  writeOctal(block, 136, 12, mtime);
  block.fill(0x20, 148, 156); // checksum counts as spaces while it is computed
  block[156] = type.charCodeAt(0);
  writeText(block, 257, 6, 'ustar\0');
  writeText(block, 263, 2, '00');
  writeText(block, 345, 155, prefix);
  const checksum = block.reduce((sum, byte) => sum + byte, 0);
  writeText(block, 148, 8, `${checksum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

/** ustar keeps paths up to 255 bytes as prefix (≤ 155) + '/' + name (≤ 100). */
function splitName(path: string): { name: string; prefix: string } {
  const bytes = (s: string) => new TextEncoder().encode(s).length;
  if (bytes(path) <= 100) return { name: path, prefix: '' };
  const trailing = path.endsWith('/') ? '/' : '';
  const body = trailing ? path.slice(0, -1) : path;
  for (let cut = body.indexOf('/'); cut !== -1; cut = body.indexOf('/', cut + 1)) {
    const prefix = body.slice(0, cut);
    const name = body.slice(cut + 1) + trailing;
    if (bytes(prefix) <= 155 && bytes(name) <= 100) return { name, prefix };
  }
  throw new RangeError(`tar: path too long for ustar (${bytes(path)} bytes): ${path}`);
}

function checkedPath(path: string): string {
  const parts = path.split('/');
  if (path === '' || parts.some((p) => p === '' || p === '.' || p === '..') || path.includes('\0')) {
    throw new RangeError(`tar: not a relative file path: ${JSON.stringify(path)}`);
  }
  return path;
}

function joinPath(root: string | undefined, path: string): string {
  return root === undefined || root === '' ? path : `${checkedPath(root)}/${path}`;
}

function writeText(block: Uint8Array, offset: number, length: number, text: string): void {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > length) throw new RangeError(`tar: ${JSON.stringify(text)} does not fit in ${length} bytes`);
  block.set(bytes, offset);
}

function writeOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  const digits = value.toString(8);
  if (digits.length > length - 1) throw new RangeError(`tar: ${value} does not fit in a ${length}-byte field`);
  writeText(block, offset, length, `${digits.padStart(length - 1, '0')}\0`);
}
