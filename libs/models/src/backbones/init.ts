import type { Rng } from '@alkdrec/recsys';
import { tf, type Variable } from '../tf';

/**
 * Parameter initialisers drawn from our seeded generator rather than tf.random*, so a seed fixes a
 * model's start exactly whatever backend runs it.
 */
export function normalVariable(rng: Rng, shape: number[], std: number, name: string, zeroRow?: number): Variable {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = rng.normal(0, std);
  if (zeroRow !== undefined) zeroRowOf(values, shape, zeroRow);
  return variableFrom(values, shape, name);
}

export function uniformVariable(rng: Rng, shape: number[], bound: number, name: string, zeroRow?: number): Variable {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = (rng.next() * 2 - 1) * bound;
  if (zeroRow !== undefined) zeroRowOf(values, shape, zeroRow);
  return variableFrom(values, shape, name);
}

export function constantVariable(shape: number[], value: number, name: string): Variable {
  return variableFrom(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(value), shape, name);
}

/** The variable takes its own reference to the data; the initial tensor is released here. */
function variableFrom(values: Float32Array, shape: number[], name: string): Variable {
  const initial = tf.tensor(values, shape);
  const variable = tf.variable(initial, true, name);
  initial.dispose();
  return variable;
}

/** Xavier-normal std for a [fanIn, fanOut] matrix (PyTorch's xavier_normal_ on an embedding table). */
export function xavierStd(rows: number, cols: number): number {
  return Math.sqrt(2 / (rows + cols));
}

function zeroRowOf(values: Float32Array, shape: number[], row: number): void {
  const cols = shape[1] ?? 1;
  values.fill(0, row * cols, (row + 1) * cols);
}

/** A unique variable-name prefix: tf.js refuses two live variables with the same name. */
let instance = 0;
export function variablePrefix(model: string): string {
  instance += 1;
  return `${model}_${instance}`;
}
