import { tf } from '../../tf';
import { overrideWasmKernel } from './kernel-override';
import type { WasmBackend } from './wasm-backend';

interface GatherAttrs {
  axis: number;
  batchDims: number;
}

/**
 * Replaces the wasm backend's GatherV2 kernel with one that copies whole rows when it gathers rows
 * of a 2-D table (axis 0, no batch dimensions) — the embedding look-up every backbone does on every
 * step. The wasm build's Gather walks the output element by element through generic strides:
 * gathering 10,240 rows of 100 floats took ~35 ms, most of an FPMC d = 100 step; a row copy takes
 * ~1 ms. Any other gather goes to the original kernel. Same values bit for bit (a gather copies).
 * Idempotent; call after the wasm backend is set.
 */
export function installFastWasmGather(): void {
  overrideWasmKernel(tf.GatherV2, gatherRows2d);
}

function gatherRows2d(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | null {
  const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
  const { axis, batchDims } = args.attrs as unknown as GatherAttrs;
  if (x.shape.length !== 2 || indices.shape.length !== 1 || indices.dtype !== 'int32' || batchDims !== 0) return null;
  if (axis !== 0 && axis !== -2) return null;
  if (x.dtype !== 'float32' && x.dtype !== 'int32') return null;
  const backend = args.backend as unknown as WasmBackend;
  const [rows, cols] = x.shape as [number, number];
  const count = indices.shape[0] as number;
  const ids = backend.typedArrayFromHeap(indices) as Int32Array;
  for (let i = 0; i < count; i++) {
    const id = ids[i] as number;
    if (id < 0 || id >= rows) throw new Error(`gather: row ${id} is outside the table's rows [0, ${rows - 1}]`);
  }
  const out = backend.makeOutput([count, cols], x.dtype);
  // Views are taken after makeOutput: allocating may grow the wasm memory and detach older views.
  const source = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const target = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  const rowIds = backend.typedArrayFromHeap(indices) as Int32Array;
  if (cols >= 32) {
    for (let i = 0; i < count; i++) {
      const from = (rowIds[i] as number) * cols;
      target.set(source.subarray(from, from + cols), i * cols);
    }
  } else {
    for (let i = 0, o = 0; i < count; i++) {
      const from = (rowIds[i] as number) * cols;
      for (let c = 0; c < cols; c++) target[o++] = source[from + c] as number;
    }
  }
  return out;
}
