import { tf } from '../../tf';
import { overrideWasmKernel } from './kernel-override';
import type { WasmBackend } from './wasm-backend';

/**
 * Replaces the wasm backend's Slice kernel for numeric tensors of rank 1–4 with one that copies the
 * selected rows between views of the backend's memory. The original reads its input with
 * `readSync`, which copies the WHOLE input into a fresh JavaScript buffer before taking the slice:
 * AttMix's multi-level queries slice [1,024 × 1,000] matrices ~40 times a step, and that copying (and
 * the garbage it leaves) was a fifth of the step. Same values: elements are moved, not computed.
 */
export function installFastWasmSlice(): void {
  overrideWasmKernel(tf.Slice, (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { begin, size } = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
    if (x.dtype === 'string' || x.shape.length < 1 || x.shape.length > 4) return null;
    const [start, extent] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size) as [number[], number[]];
    const backend = args.backend as unknown as WasmBackend;
    const out = backend.makeOutput(extent, x.dtype);
    // Views are taken after makeOutput, whose allocation may grow (not move) the memory.
    const source = backend.typedArrayFromHeap(x);
    const target = backend.typedArrayFromHeap(out);
    copyBlock(source, target, padTo4(x.shape), padTo4(start, 0), padTo4(extent));
    return out;
  });
}

/** Left-pads a shape (with 1) or a begin (with 0) to rank 4. */
function padTo4(values: readonly number[], fill = 1): [number, number, number, number] {
  return [...new Array<number>(4 - values.length).fill(fill), ...values] as [number, number, number, number];
}

function copyBlock(
  source: tf.TypedArray, target: tf.TypedArray,
  shape: [number, number, number, number], start: [number, number, number, number], extent: [number, number, number, number],
): void {
  const [, s1, s2, s3] = shape;
  const strides = [s1 * s2 * s3, s2 * s3, s3];
  const rowLength = extent[3];
  let offset = 0;
  for (let i = 0; i < extent[0]; i++) {
    for (let j = 0; j < extent[1]; j++) {
      for (let k = 0; k < extent[2]; k++) {
        const from = (start[0] + i) * (strides[0] as number) + (start[1] + j) * (strides[1] as number) + (start[2] + k) * (strides[2] as number) + start[3];
        target.set(source.subarray(from, from + rowLength), offset);
        offset += rowLength;
      }
    }
  }
}
