import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { toTar, toTarball, type ExportFile } from './tarball';

interface TarEntry {
  path: string;
  type: string;
  mode: number;
  mtime: number;
  bytes: Uint8Array;
}

/** A ustar reader written from the POSIX layout (not from the writer), checking each checksum. */
function readTar(archive: Uint8Array): TarEntry[] {
  const tar = new Uint8Array(archive); // a plain copy, not a Buffer, so entries compare with Uint8Arrays
  const text = (from: number, length: number) => new TextDecoder().decode(tar.subarray(from, from + length)).replace(/\0.*$/s, '');
  const octal = (from: number, length: number) => parseInt(text(from, length).trim() || '0', 8);
  const entries: TarEntry[] = [];
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const block = tar.subarray(offset, offset + 512);
    if (block.every((b) => b === 0)) break;
    let sum = 0;
    block.forEach((b, i) => (sum += i >= 148 && i < 156 ? 0x20 : b));
    assert.equal(octal(offset + 148, 8), sum, `checksum of the header at ${offset}`);
    assert.equal(text(offset + 257, 6), 'ustar');
    const prefix = text(offset + 345, 155);
    const name = text(offset, 100);
    const size = octal(offset + 124, 12);
    entries.push({
      path: prefix ? `${prefix}/${name}` : name,
      type: String.fromCharCode(block[156] as number),
      mode: octal(offset + 100, 8),
      mtime: octal(offset + 136, 12),
      bytes: tar.slice(offset + 512, offset + 512 + size),
    });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  assert.equal(tar.length - offset, 1024, 'two zero blocks end the archive');
  return entries;
}

const FILES: ExportFile[] = [
  { path: 'manifest.json', bytes: new TextEncoder().encode('{"a":1}\n') },
  { path: 'encoder/model.json', bytes: new Uint8Array(1000).map((_, i) => i % 251) },
  { path: 'encoder/weights.bin', bytes: new Uint8Array(512).fill(7) },
  { path: 'empty.txt', bytes: new Uint8Array(0) },
];

describe('toTarball', () => {
  it('round-trips every file under the root, with directory entries before their files', () => {
    const entries = readTar(gunzipSync(toTarball(FILES, { root: 'alkdrec-model-x', mtimeSeconds: 1_700_000_000 })));
    assert.deepEqual(entries.map((e) => `${e.type} ${e.path}`), [
      '5 alkdrec-model-x/', '0 alkdrec-model-x/manifest.json', '5 alkdrec-model-x/encoder/',
      '0 alkdrec-model-x/encoder/model.json', '0 alkdrec-model-x/encoder/weights.bin', '0 alkdrec-model-x/empty.txt',
    ]);
    for (const file of FILES) assert.deepEqual(entries.find((e) => e.path === `alkdrec-model-x/${file.path}`)?.bytes, file.bytes);
    assert.ok(entries.every((e) => e.mtime === 1_700_000_000));
    assert.deepEqual(entries.map((e) => e.mode.toString(8)), ['755', '644', '755', '644', '644', '644']);
  });

  it('keeps paths longer than 100 bytes in the ustar prefix field', () => {
    const root = `alkdrec-model-${'m'.repeat(80)}`;
    const path = `encoder/${'w'.repeat(60)}.bin`;
    const tar = toTar([{ path, bytes: Uint8Array.from([1, 2, 3]) }], { root });
    const file = readTar(tar).at(-1);
    assert.equal(file?.path, `${root}/${path}`);
    assert.deepEqual(file?.bytes, Uint8Array.from([1, 2, 3]));
    assert.ok(`${root}/${path}`.length > 100);
  });

  it('is byte-for-byte reproducible', () => {
    assert.deepEqual(toTar(FILES), toTar(FILES));
  });

  it('refuses paths that could leave the directory or do not fit ustar', () => {
    for (const path of ['../x', '/etc/passwd', 'a//b', '', 'a/./b']) {
      assert.throws(() => toTar([{ path, bytes: new Uint8Array(0) }]), /not a relative file path/);
    }
    assert.throws(() => toTar([{ path: 'x'.repeat(101), bytes: new Uint8Array(0) }]), /path too long for ustar/);
  });
});
