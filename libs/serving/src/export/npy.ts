/**
 * A NumPy `.npy` file, format version 1.0, of a little-endian float32 matrix ('<f4', C order):
 * the 6-byte magic, version 1.0, a u16 header length, an ASCII dict literal padded with spaces and
 * ended by '\n' so the data starts on a 64-byte boundary, then the raw values.
 */
export function float32Npy(values: Float32Array, shape: readonly number[]): Uint8Array {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== values.length) throw new RangeError(`npy: ${values.length} values for shape (${shape.join(', ')})`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const prefix = 10; // magic (6) + version (2) + header length (2)
  const headerLength = Math.ceil((prefix + dict.length + 1) / 64) * 64 - prefix;
  if (headerLength > 0xffff) throw new RangeError('npy: header too long for format 1.0');
  const header = dict.padEnd(headerLength - 1, ' ') + '\n';
  const out = new Uint8Array(prefix + headerLength + 4 * values.length);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0], 0);
  const view = new DataView(out.buffer);
  view.setUint16(8, headerLength, true);
  out.set(new TextEncoder().encode(header), prefix);
  out.set(littleEndianFloat32(values), prefix + headerLength);
  return out;
}

/** The values' bytes, little-endian whatever the host. */
export function littleEndianFloat32(values: Float32Array): Uint8Array {
  const out = new Uint8Array(4 * values.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i] as number, true);
  return out;
}

/** The values' bytes, little-endian whatever the host. */
export function littleEndianInt32(values: Int32Array): Uint8Array {
  const out = new Uint8Array(4 * values.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setInt32(4 * i, values[i] as number, true);
  return out;
}
