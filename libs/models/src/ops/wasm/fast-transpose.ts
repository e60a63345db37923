import { tf } from '../../tf';
import { overrideWasmKernel } from './kernel-override';
import { instantiateTranspose, type TransposeMatrix } from './transpose-module';
import { heapOffset, type WasmBackend } from './wasm-backend';

/**
 * Replaces the wasm backend's Transpose kernel, for a matrix ([rows, cols], perm [1, 0]) or a batch
 * of them ([batch, rows, cols], perm [0, 2, 1]) of float32 or int32, with the blocked SIMD transpose
 * of transpose-module.ts: ~1–2 ms instead of ~7 for a million elements. The in-batch loss transposes
 * its [1,024 × 1,024] gradient matrix every step, and matMul's gradient its [B·L, d] operands. Other
 * permutations go to the original kernel. Same values: elements are moved, not computed.
 */
export function installFastWasmTranspose(): void {
  // Bound to the memory it was made for: a re-created wasm backend has a new one.
  let bound: { memory: object; transpose: TransposeMatrix } | null = null;
  overrideWasmKernel(tf.Transpose, (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { perm } = args.attrs as unknown as { perm: number[] };
    if (x.dtype !== 'float32' && x.dtype !== 'int32') return null;
    const isMatrix = x.shape.length === 2 && perm[0] === 1 && perm[1] === 0;
    const isBatch = x.shape.length === 3 && perm[0] === 0 && perm[1] === 2 && perm[2] === 1;
    if (!isMatrix && !isBatch) return null;
    const backend = args.backend as unknown as WasmBackend;
    const memory = backend.wasm.asm?.memory;
    if (!memory) return null;
    if (bound?.memory !== memory) bound = { memory, transpose: instantiateTranspose(memory) };
    const transposeMatrix = bound.transpose;
    const [batch, rows, cols] = (isMatrix ? [1, ...x.shape] : x.shape) as [number, number, number];
    const out = backend.makeOutput(isMatrix ? [cols, rows] : [batch, cols, rows], x.dtype);
    // Offsets are read after makeOutput, whose allocation may grow (not move) the memory.
    const source = heapOffset(backend, x);
    const target = heapOffset(backend, out);
    const matrixBytes = rows * cols * 4;
    for (let b = 0; b < batch; b++) transposeMatrix(source + b * matrixBytes, target + b * matrixBytes, rows, cols);
    return out;
  });
}
