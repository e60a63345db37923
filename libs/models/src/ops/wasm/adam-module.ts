import { F32, forLoop, I32, I32_ADD, I32_AND, I32_SHL, i32Const, instantiate, localGet, localSet, moduleBytes, simd, V128 } from './wasm-encoding';

/**
 * A WebAssembly function that applies one Adam update to one variable in place of tfjs's chain of
 * ten element-wise kernels (each a pass over the whole table and a table-sized allocation: ~20 ms
 * of an FPMC d = 100 step for its two 8,476 × 100 tables). It works directly in the wasm backend's
 * memory, which it imports, on the tensors' heap offsets.
 *
 *   adam(p, g, m, v, out, n, β1, β2, 1−β1, 1−β2, 1−β1ᵗ, 1−β2ᵗ, ε, −lr):
 *     m ← m·β1 + g·(1−β1)                   (in place)
 *     v ← v·β2 + (g·g)·(1−β2)               (in place)
 *     out ← (m/(1−β1ᵗ)) / (√(v/(1−β2ᵗ)) + ε) · (−lr) + p
 *
 * Four elements at a time with SIMD (f32x4), the last n mod 4 one at a time.
 *
 * The operations and their order are tfjs's AdamOptimizer.applyGradients, each in float32 (wasm's
 * f32 arithmetic is IEEE binary32, round to nearest, like the SIMD lanes tfjs's kernels use), so
 * the weights come out bit for bit the same (adam.spec.ts checks it against tf.train.adam).
 *
 * Encoded by hand below (wasm-encoding.ts; the module is ~440 bytes).
 */

// Parameter and local indices.
const P = 0, G = 1, M = 2, V = 3, OUT = 4, N = 5, B1 = 6, B2 = 7, C1 = 8, C2 = 9, O1 = 10, O2 = 11, EPS = 12, NLR = 13;
const END = 14, END4 = 15, I = 16; // i32: byte offsets
const GI = 17, MI = 18, VI = 19; // f32 (the tail)
const VGI = 20, VMI = 21, VVI = 22; // v128 (four lanes at a time)
/** v128 locals holding each f32 parameter splatted to four lanes, by parameter index. */
const SPLAT: Record<number, number> = { [B1]: 23, [B2]: 24, [C1]: 25, [C2]: 26, [O1]: 27, [O2]: 28, [EPS]: 29, [NLR]: 30 };

const get = localGet;
const set = localSet;

/** One lane width's operations: scalar f32, or f32x4 (whose arithmetic is lane-wise the same IEEE binary32). */
interface Lanes {
  load: number[]; store: number[]; add: number[]; mul: number[]; div: number[]; sqrt: number[];
  /** A parameter's value at this width. */
  param(index: number): number[];
  g: number; m: number; v: number;
  bytes: number;
}
const scalar: Lanes = {
  load: [0x2a, 0x02, 0x00], store: [0x38, 0x02, 0x00], add: [0x92], mul: [0x94], div: [0x95], sqrt: [0x91],
  param: (index) => get(index), g: GI, m: MI, v: VI, bytes: 4,
};
const vector: Lanes = {
  load: [...simd(0x00), 0x02, 0x00], store: [...simd(0x0b), 0x02, 0x00],
  add: simd(0xe4), mul: simd(0xe6), div: simd(0xe7), sqrt: simd(0xe3),
  param: (index) => get(SPLAT[index] as number), g: VGI, m: VMI, v: VVI, bytes: 16,
};

/** The address of the current element(s) of the array at parameter `base`. */
const at = (base: number) => [...get(base), ...get(I), I32_ADD];

/** Updates lanes.bytes / 4 elements at byte offset I. */
function update(lanes: Lanes): number[] {
  const { g, m, v, param } = lanes;
  return [
    ...at(G), ...lanes.load, ...set(g),
    ...at(M), ...lanes.load, ...param(B1), ...lanes.mul, ...get(g), ...param(C1), ...lanes.mul, ...lanes.add, ...set(m),
    ...at(V), ...lanes.load, ...param(B2), ...lanes.mul, ...get(g), ...get(g), ...lanes.mul, ...param(C2), ...lanes.mul, ...lanes.add, ...set(v),
    ...at(M), ...get(m), ...lanes.store,
    ...at(V), ...get(v), ...lanes.store,
    ...at(OUT),
    ...get(m), ...param(O1), ...lanes.div,
    ...get(v), ...param(O2), ...lanes.div, ...lanes.sqrt, ...param(EPS), ...lanes.add,
    ...lanes.div, ...param(NLR), ...lanes.mul,
    ...at(P), ...lanes.load, ...lanes.add,
    ...lanes.store,
  ];
}

const body: number[] = [
  ...get(N), ...i32Const(2), I32_SHL, ...set(END),
  ...get(N), ...i32Const(-4), I32_AND, ...i32Const(2), I32_SHL, ...set(END4),
  ...Object.entries(SPLAT).flatMap(([param, local]) => [...get(Number(param)), ...simd(0x13), ...set(local)]), // f32x4.splat
  ...forLoop(I, i32Const(0), get(END4), vector.bytes, update(vector)),
  ...forLoop(I, get(I), get(END), scalar.bytes, update(scalar)), // the tail, from where the vectors stopped
  0x0b, // end function
];


const params = [I32, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, F32, F32];

/** The module's bytes: one function `adam`, importing `env.memory`. */
export const ADAM_MODULE_BYTES = moduleBytes('adam', params, [[3, I32], [3, F32], [11, V128]], body);

export type AdamUpdate = (
  p: number, g: number, m: number, v: number, out: number, n: number,
  beta1: number, beta2: number, oneMinusBeta1: number, oneMinusBeta2: number,
  oneMinusAccBeta1: number, oneMinusAccBeta2: number, epsilon: number, negativeLearningRate: number,
) => void;

/** The `adam` function bound to a wasm memory (a WebAssembly.Memory: the wasm backend's). */
export function instantiateAdam(memory: object): AdamUpdate {
  return instantiate<AdamUpdate>(ADAM_MODULE_BYTES, 'adam', memory);
}
