import { tf } from '../../tf';

type KernelArgs = Parameters<tf.KernelFunc>[0];

const installed = new WeakSet<tf.KernelFunc>();

/**
 * Puts a fast path in front of one of the wasm backend's kernels: `fastPath` answers the cases it
 * knows (returning the output) and null for the others, which the original kernel runs.
 * Idempotent; call after the wasm backend is set.
 */
export function overrideWasmKernel(kernelName: string, fastPath: (args: KernelArgs) => tf.TensorInfo | null): void {
  const original = tf.getKernel(kernelName, 'wasm');
  if (!original || installed.has(original.kernelFunc)) return;
  const fallback = original.kernelFunc;
  const kernelFunc: tf.KernelFunc = (args) => fastPath(args) ?? fallback(args);
  installed.add(kernelFunc);
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ ...original, kernelFunc });
}
