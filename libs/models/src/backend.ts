import { installFastWasmGather } from './ops/wasm/fast-gather';
import { installFastWasmSlice } from './ops/wasm/fast-slice';
import { installFastWasmTranspose } from './ops/wasm/fast-transpose';
import { tf } from './tf';

export type BackendPreference = 'auto' | 'node' | 'wasm' | 'cpu';

/**
 * Picks the fastest TensorFlow.js backend available: the native `tensorflow` backend when
 * @tensorflow/tfjs-node is installed (an optional dependency: its install needs a libtensorflow
 * download that is not always reachable), else WebAssembly with SIMD. The pure-JS `cpu` backend is
 * 7–25× slower and only used when asked for explicitly.
 */
export async function initBackend(preference: BackendPreference = 'auto'): Promise<string> {
  if (preference === 'auto' || preference === 'node') {
    if (tryLoadNative()) {
      await tf.setBackend('tensorflow');
      await tf.ready();
      return tf.getBackend();
    }
    if (preference === 'node') throw new Error('TF_BACKEND=node but @tensorflow/tfjs-node is not installed or failed to load');
  }
  if (preference === 'cpu') {
    await tf.setBackend('cpu');
  } else {
    // Registering the wasm backend is a side effect of loading it; loaded only when chosen.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) throw new Error('the TensorFlow.js wasm backend failed to initialise');
    installFastWasmGather();
    installFastWasmTranspose();
    installFastWasmSlice();
  }
  await tf.ready();
  return tf.getBackend();
}

function tryLoadNative(): boolean {
  try {
    // An optional dependency that may be absent: a static import would fail to compile or load.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
    return tf.findBackend('tensorflow') !== null;
  } catch {
    return false;
  }
}
