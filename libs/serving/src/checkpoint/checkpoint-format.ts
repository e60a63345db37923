import { Backbone } from '@alkdrec/contracts';
import { z } from 'zod';

/**
 * The ALKDREC1 checkpoint format, the one reader and writer of it (libs/models' serializeModel and
 * deserializeModel go through here):
 *
 *   bytes 0–7   magic `ALKDREC1`
 *   bytes 8–11  header length n, little-endian u32
 *   12 … 12+n   JSON header { backbone, shape: { itemCount, dim, maxLength }, variables: [{ shape }] }
 *   zero bytes up to the next multiple of 4, then every variable's float32 values (little-endian,
 *   row-major) in header order, and nothing after them.
 */
export const CHECKPOINT_MAGIC = 'ALKDREC1';
const PREFIX_BYTES = CHECKPOINT_MAGIC.length + 4;

export interface CheckpointShape {
  itemCount: number;
  dim: number;
  maxLength: number;
}

export interface CheckpointVariable {
  shape: number[];
  values: Float32Array;
}

export interface ParsedCheckpoint {
  backbone: Backbone;
  shape: CheckpointShape;
  variables: CheckpointVariable[];
}

/** A file that is not a well-formed ALKDREC1 checkpoint; the message names what is wrong. */
export class CheckpointFormatError extends Error {
  override readonly name = 'CheckpointFormatError';
  constructor(readonly source: string, readonly problem: string) {
    super(`${source}: not a valid ALKDREC1 checkpoint: ${problem}`);
  }
}

const positiveInt = z.number().int().positive();
const CheckpointHeader = z.object({
  backbone: z.string(),
  shape: z.object({ itemCount: positiveInt, dim: positiveInt, maxLength: positiveInt }),
  variables: z.array(z.object({ shape: z.array(z.number().int().nonnegative()) })).min(1),
});

/** Reads a checkpoint; `source` names it in errors (a path, a URI, a model id). */
export function parseCheckpoint(bytes: Uint8Array, source = 'checkpoint'): ParsedCheckpoint {
  const fail = (problem: string): never => {
    throw new CheckpointFormatError(source, problem);
  };
  if (bytes.byteLength < PREFIX_BYTES) fail(`only ${bytes.byteLength} bytes, shorter than the ${PREFIX_BYTES}-byte prefix`);
  if (new TextDecoder().decode(bytes.subarray(0, CHECKPOINT_MAGIC.length)) !== CHECKPOINT_MAGIC) {
    fail(`bad magic (expected "${CHECKPOINT_MAGIC}" in the first 8 bytes)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(CHECKPOINT_MAGIC.length, true);
  if (PREFIX_BYTES + headerLength > bytes.byteLength) {
    fail(`header length ${headerLength} runs past the end of the file (${bytes.byteLength} bytes)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength)));
  } catch (error) {
    fail(`header is not JSON (${(error as Error).message})`);
  }
  const parsed = CheckpointHeader.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(`header field ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const header = (parsed as { data: z.infer<typeof CheckpointHeader> }).data;
  const backbone = Backbone.safeParse(header.backbone);
  if (!backbone.success) fail(`unknown backbone ${JSON.stringify(header.backbone)} (known: ${Backbone.options.join(', ')})`);

  const sizes = header.variables.map((v) => v.shape.reduce((a, b) => a * b, 1));
  const dataOffset = align4(PREFIX_BYTES + headerLength);
  const expectedBytes = dataOffset + 4 * sizes.reduce((a, b) => a + b, 0);
  if (bytes.byteLength < expectedBytes) fail(`truncated: ${bytes.byteLength} bytes, the header describes ${expectedBytes}`);
  if (bytes.byteLength > expectedBytes) fail(`${bytes.byteLength - expectedBytes} bytes of trailing data after the variables`);

  let offset = dataOffset;
  const variables = header.variables.map((v, i) => {
    const size = sizes[i] as number;
    const values = readFloat32s(bytes, offset, size);
    offset += 4 * size;
    return { shape: [...v.shape], values };
  });
  return { backbone: backbone.data as Backbone, shape: { ...header.shape }, variables };
}

/** Writes a checkpoint; every variable's values must match its shape. */
export function writeCheckpoint(checkpoint: { backbone: string; shape: CheckpointShape; variables: readonly CheckpointVariable[] }): Uint8Array {
  const header = {
    backbone: checkpoint.backbone,
    shape: checkpoint.shape,
    variables: checkpoint.variables.map((v) => ({ shape: v.shape })),
  };
  checkpoint.variables.forEach((v, i) => {
    const size = v.shape.reduce((a, b) => a * b, 1);
    if (v.values.length !== size) throw new RangeError(`variable ${i} has ${v.values.length} values for shape [${v.shape.join(', ')}]`);
  });
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const dataOffset = align4(PREFIX_BYTES + headerBytes.length);
  const out = new Uint8Array(dataOffset + checkpoint.variables.reduce((n, v) => n + 4 * v.values.length, 0));
  out.set(new TextEncoder().encode(CHECKPOINT_MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(CHECKPOINT_MAGIC.length, headerBytes.length, true);
  out.set(headerBytes, PREFIX_BYTES);
  let offset = dataOffset;
  for (const { values } of checkpoint.variables) {
    if (LITTLE_ENDIAN_HOST) out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
    else for (let i = 0; i < values.length; i++) view.setFloat32(offset + 4 * i, values[i] as number, true);
    offset += 4 * values.length;
  }
  return out;
}

/** `count` little-endian float32s from `offset`, copied into an aligned array of their own. */
function readFloat32s(bytes: Uint8Array, offset: number, count: number): Float32Array {
  const out = new Float32Array(count);
  if (LITTLE_ENDIAN_HOST) {
    new Uint8Array(out.buffer).set(bytes.subarray(offset, offset + 4 * count));
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 4 * count);
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
  }
  return out;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function align4(n: number): number {
  return (n + 3) & ~3;
}
