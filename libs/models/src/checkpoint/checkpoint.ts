import { createRng } from '@alkdrec/recsys';
import { tf } from '../tf';
import type { Backbone, BackboneName, BackboneShape } from '../backbones/backbone';
import { createBackbone } from '../backbones/registry';

const MAGIC = 'ALKDREC1';

interface CheckpointHeader {
  backbone: BackboneName;
  shape: BackboneShape;
  variables: { shape: number[] }[];
}

/**
 * A self-describing checkpoint: 8-byte magic, a little-endian u32 header length, a JSON header
 * (backbone, shape, each variable's shape), then every variable's float32 values in order.
 */
export function serializeModel(model: Backbone): Uint8Array {
  const header: CheckpointHeader = {
    backbone: model.name,
    shape: model.shape,
    variables: model.variables.map((v) => ({ shape: v.shape })),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const values = model.variables.map((v) => v.dataSync() as Float32Array);
  const floatBytes = values.reduce((n, v) => n + v.byteLength, 0);
  // Float data starts on a 4-byte boundary so it can be viewed without copying.
  const dataOffset = align4(MAGIC.length + 4 + headerBytes.length);
  const out = new Uint8Array(dataOffset + floatBytes);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, headerBytes.length, true);
  out.set(headerBytes, MAGIC.length + 4);
  let offset = dataOffset;
  for (const v of values) {
    out.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), offset);
    offset += v.byteLength;
  }
  return out;
}

export function deserializeModel(bytes: Uint8Array): Backbone {
  const magic = new TextDecoder().decode(bytes.subarray(0, MAGIC.length));
  if (magic !== MAGIC) throw new Error('not an ALKDRec checkpoint (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  const header = JSON.parse(
    new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength)),
  ) as CheckpointHeader;
  const model = createBackbone(header.backbone, header.shape, createRng(0));
  if (model.variables.length !== header.variables.length) {
    throw new Error(`checkpoint has ${header.variables.length} variables, ${header.backbone} has ${model.variables.length}`);
  }
  const data = bytes.slice(align4(MAGIC.length + 4 + headerLength));
  const floats = new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4);
  let offset = 0;
  model.variables.forEach((v, i) => {
    const expected = header.variables[i]?.shape ?? [];
    if (expected.join('x') !== v.shape.join('x')) throw new Error(`checkpoint variable ${i} has shape ${expected}, expected ${v.shape}`);
    const size = v.size;
    tf.tidy(() => v.assign(tf.tensor(floats.subarray(offset, offset + size), v.shape)));
    offset += size;
  });
  if (offset !== floats.length) throw new Error('checkpoint has trailing data');
  return model;
}

export function disposeModel(model: Backbone): void {
  for (const v of model.variables) v.dispose();
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
