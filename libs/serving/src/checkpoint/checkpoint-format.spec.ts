import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CheckpointFormatError, parseCheckpoint, writeCheckpoint, type ParsedCheckpoint } from './checkpoint-format';

const SHAPE = { itemCount: 3, dim: 2, maxLength: 10 };
const sample = (): ParsedCheckpoint => ({
  backbone: 'fpmc',
  shape: SHAPE,
  variables: [
    { shape: [4, 2], values: Float32Array.from([1, 2, 3, 4, 5, 6, 0, 0]) },
    { shape: [4, 2], values: Float32Array.from([-1.5, 0.25, 1e-30, 3e30, -0, 7, 0, 0]) },
  ],
});

/** The bytes with the header replaced by `header` (a string, so malformed JSON can be written). */
function withHeader(header: string, dataBytes = 64): Uint8Array {
  const headerBytes = new TextEncoder().encode(header);
  const dataOffset = (12 + headerBytes.length + 3) & ~3;
  const out = new Uint8Array(dataOffset + dataBytes);
  out.set(new TextEncoder().encode('ALKDREC1'), 0);
  new DataView(out.buffer).setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 12);
  return out;
}

function rejects(bytes: Uint8Array, pattern: RegExp): void {
  assert.throws(
    () => parseCheckpoint(bytes, 'models/x.ckpt'),
    (error: unknown) => error instanceof CheckpointFormatError && /^models\/x\.ckpt: not a valid ALKDREC1 checkpoint: /.test(error.message) && pattern.test(error.message),
  );
}

describe('ALKDREC1 checkpoints', () => {
  it('round-trips backbone, shape and every value bit for bit', () => {
    const parsed = parseCheckpoint(writeCheckpoint(sample()));
    assert.equal(parsed.backbone, 'fpmc');
    assert.deepEqual(parsed.shape, SHAPE);
    assert.deepEqual(parsed.variables.map((v) => v.shape), [[4, 2], [4, 2]]);
    sample().variables.forEach((v, i) => assert.deepEqual(parsed.variables[i]?.values, v.values));
  });

  it('reads a checkpoint sitting at an odd offset of a larger buffer (a pooled Buffer)', () => {
    const bytes = writeCheckpoint(sample());
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    assert.deepEqual(parseCheckpoint(big.subarray(3)).variables[1]?.values, sample().variables[1]?.values);
  });

  it('lays the data out as the trainer always has: 4-byte aligned after the header, little-endian', () => {
    const bytes = writeCheckpoint(sample());
    const headerLength = new DataView(bytes.buffer).getUint32(8, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)));
    assert.deepEqual(header, { backbone: 'fpmc', shape: SHAPE, variables: [{ shape: [4, 2] }, { shape: [4, 2] }] });
    const dataOffset = (12 + headerLength + 3) & ~3;
    assert.equal(new DataView(bytes.buffer).getFloat32(dataOffset + 4 * 8, true), -1.5);
    assert.equal(bytes.length, dataOffset + 16 * 4);
  });

  it('refuses values that do not match their shape when writing', () => {
    const bad = sample();
    bad.variables[0] = { shape: [4, 2], values: new Float32Array(7) };
    assert.throws(() => writeCheckpoint(bad), /variable 0 has 7 values for shape \[4, 2\]/);
  });

  it('names what is wrong with a bad file', () => {
    const good = writeCheckpoint(sample());
    rejects(new Uint8Array(5), /only 5 bytes/);
    rejects(Uint8Array.from([...new TextEncoder().encode('PK\u0003\u0004xxxx'), 0, 0, 0, 0]), /bad magic/);
    const longHeader = good.slice();
    new DataView(longHeader.buffer).setUint32(8, 1_000_000, true);
    rejects(longHeader, /header length 1000000 runs past the end/);
    rejects(withHeader('{"backbone": "fpmc", '), /header is not JSON/);
    rejects(withHeader(JSON.stringify({ backbone: 'fpmc', shape: { itemCount: 3, dim: 2 }, variables: [{ shape: [1] }] })), /header field shape\.maxLength/);
    rejects(withHeader(JSON.stringify({ backbone: 'fpmc', shape: SHAPE, variables: [{ shape: [2, -1] }] })), /header field variables\.0\.shape\.1/);
    rejects(withHeader(JSON.stringify({ backbone: 'gru4rec', shape: SHAPE, variables: [{ shape: [1] }] })), /unknown backbone "gru4rec" \(known: fpmc, stamp, attmix\)/);
    rejects(good.subarray(0, good.length - 4), /truncated: \d+ bytes, the header describes \d+/);
    rejects(Uint8Array.from([...good, 0, 0, 0, 0]), /4 bytes of trailing data/);
  });
});
