import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { float32Npy } from './npy';

/** Reads a .npy v1.0 file the way numpy.lib.format does: magic, version, header dict, data. */
function readNpy(bytes: Uint8Array): { version: [number, number]; header: string; dataOffset: number; values: Float32Array } {
  assert.deepEqual([...bytes.subarray(0, 6)], [0x93, ...new TextEncoder().encode('NUMPY')]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint16(8, true);
  const header = new TextDecoder('latin1').decode(bytes.subarray(10, 10 + headerLength));
  const dataOffset = 10 + headerLength;
  const values = new Float32Array((bytes.length - dataOffset) / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(dataOffset + 4 * i, true);
  return { version: [bytes[6] as number, bytes[7] as number], header, dataOffset, values };
}

describe('float32Npy', () => {
  it('writes a v1.0 header for a little-endian float32 C-order matrix, data 64-byte aligned', () => {
    const values = Float32Array.from([1, -2.5, 3e-8, 4, 5, 6]);
    const npy = readNpy(float32Npy(values, [3, 2]));
    assert.deepEqual(npy.version, [1, 0]);
    assert.match(npy.header, /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(3, 2\), \} *\n$/);
    assert.equal(npy.dataOffset % 64, 0);
    assert.deepEqual(npy.values, values);
  });

  it("writes a one-dimensional shape as numpy does, with a trailing comma", () => {
    assert.match(readNpy(float32Npy(Float32Array.from([1, 2]), [2])).header, /'shape': \(2,\), \}/);
  });

  it('refuses a shape that does not match the values', () => {
    assert.throws(() => float32Npy(new Float32Array(5), [2, 3]), /5 values for shape \(2, 3\)/);
  });
});
