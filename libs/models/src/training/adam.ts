import { instantiateAdam, type AdamUpdate } from '../ops/wasm/adam-module';
import { activeWasmBackend, heapOffset, type WasmBackend } from '../ops/wasm/wasm-backend';
import { tf, type Scalar, type Tensor, type Variable } from '../tf';

/** What training needs of an optimizer: tf.Optimizer's `minimize`, and `dispose`. */
export interface StepOptimizer {
  minimize(f: () => Scalar, returnCost: boolean, variables: Variable[]): Scalar | null;
  dispose(): void;
}


const BETA1 = 0.9;
const BETA2 = 0.999;

/**
 * Adam with tfjs's defaults (β1 0.9, β2 0.999, the backend's ε). On the wasm backend every
 * variable's update is one pass of a small wasm function over the backend's memory
 * (ops/wasm/adam-module.ts) instead of tf.train.adam's ten table-sized kernels; the result is the
 * same to the bit. Elsewhere (native tfjs-node, cpu) it is tf.train.adam itself.
 */
export function createAdam(learningRate: number): StepOptimizer {
  const backend = activeWasmBackend();
  const memory = backend?.wasm.asm?.memory;
  if (!backend || !memory) return tf.train.adam(learningRate);
  return new WasmAdam(learningRate, backend, instantiateAdam(memory));
}

class WasmAdam implements StepOptimizer {
  private readonly epsilon = tf.backend().epsilon();
  /** β1ᵗ and β2ᵗ as tfjs keeps them: float32, multiplied once per step. */
  private accBeta1 = Math.fround(BETA1);
  private accBeta2 = Math.fround(BETA2);
  private readonly moments = new Map<Variable, { m: Tensor; v: Tensor }>();

  constructor(
    private readonly learningRate: number,
    private readonly backend: WasmBackend,
    private readonly update: AdamUpdate,
  ) {}

  minimize(f: () => Scalar, returnCost: boolean, variables: Variable[]): Scalar | null {
    const { value, grads } = tf.variableGrads(f, variables);
    try {
      this.apply(variables, grads);
    } finally {
      for (const gradient of Object.values(grads)) gradient.dispose();
    }
    if (returnCost) return value;
    value.dispose();
    return null;
  }

  private apply(variables: readonly Variable[], grads: Readonly<Record<string, Tensor>>): void {
    const oneMinusAccBeta1 = Math.fround(1 - this.accBeta1);
    const oneMinusAccBeta2 = Math.fround(1 - this.accBeta2);
    for (const variable of variables) {
      const gradient = grads[variable.name];
      if (!gradient) continue;
      const { m, v } = this.momentsOf(variable);
      const at = (tensor: Tensor) => heapOffset(this.backend, tensor);
      // A new tensor for the new value: the variable's memory may be shared (a snapshot's clone).
      const next = tf.engine().makeTensorFromTensorInfo(this.backend.makeOutput([...variable.shape], 'float32'));
      // Offsets are read after the allocation above, which may move nothing but may grow memory.
      this.update(
        at(variable), at(gradient), at(m), at(v), at(next), variable.size,
        BETA1, BETA2, 1 - BETA1, 1 - BETA2, oneMinusAccBeta1, oneMinusAccBeta2, this.epsilon, -this.learningRate,
      );
      variable.assign(next);
      next.dispose();
    }
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(BETA1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(BETA2));
  }

  private momentsOf(variable: Variable): { m: Tensor; v: Tensor } {
    let moments = this.moments.get(variable);
    if (!moments) {
      if (variable.dtype !== 'float32') throw new Error(`Adam: variable ${variable.name} is ${variable.dtype}, not float32`);
      moments = { m: tf.zeros(variable.shape), v: tf.zeros(variable.shape) };
      this.moments.set(variable, moments);
    }
    return moments;
  }

  dispose(): void {
    for (const { m, v } of this.moments.values()) {
      m.dispose();
      v.dispose();
    }
    this.moments.clear();
  }
}
