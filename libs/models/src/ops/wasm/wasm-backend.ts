import { tf, type Tensor } from '../../tf';

/** The parts of the wasm backend (tfjs-backend-wasm's BackendWasm) our kernels and readers use. */
export interface WasmBackend {
  wasm: { asm?: { memory?: object } };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(tensor: tf.TensorInfo): tf.TypedArray;
}

/** Where a tensor's data starts in the wasm backend's memory (a byte offset). */
export function heapOffset(backend: WasmBackend, tensor: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(tensor.dataId);
  if (!data) throw new Error('a tensor is not on the wasm backend');
  return data.memoryOffset;
}

/** The active backend when it is wasm, else null. */
export function activeWasmBackend(): WasmBackend | null {
  return tf.getBackend() === 'wasm' ? (tf.backend() as unknown as WasmBackend) : null;
}

/**
 * A float32 tensor's values on the host. On wasm: a view into the backend's memory, no copy (a
 * 2,465 × 8,475 score block is 84 MB: copying it was a quarter of an evaluation pass) — valid only
 * until the next TensorFlow.js call, which may grow the memory, and while the tensor lives.
 * Elsewhere: dataSync().
 */
export function hostValues(tensor: Tensor): Float32Array {
  const backend = activeWasmBackend();
  return (backend ? backend.typedArrayFromHeap(tensor) : tensor.dataSync()) as Float32Array;
}
