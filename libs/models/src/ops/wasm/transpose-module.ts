import { forLoop, I32, I32_ADD, I32_AND, I32_MUL, I32_SHL, i32Const, instantiate, localGet, localSet, moduleBytes, simd, V128 } from './wasm-encoding';

/**
 * A WebAssembly function that transposes a [rows, cols] matrix of 32-bit elements (float32 or
 * int32: bits are moved, never interpreted): dst[c·rows + r] = src[r·cols + c]. Blocks of 4 × 4
 * are transposed in registers with SIMD shuffles (four 16-byte loads, eight shuffles, four
 * stores); the columns and rows past the last multiple of 4 are copied one element at a time.
 * tfjs's wasm Transpose walks the output element by element through generic strides: ~7 ms for
 * the 1,024 × 1,024 matrix of the in-batch loss's gradient, which this does in ~1 ms.
 *
 *   transpose(src, dst, rows, cols)     (src and dst: byte offsets in the imported memory)
 */

const SRC = 0, DST = 1, ROWS = 2, COLS = 3;
const R4 = 4, C4 = 5, R = 6, C = 7, IN = 8, OUT = 9, IN_STRIDE = 10, OUT_STRIDE = 11; // i32
const A = 12, B = 13, CC = 14, D = 15, T0 = 16, T1 = 17, T2 = 18, T3 = 19; // v128

const get = localGet;
const set = localSet;
const V128_LOAD = [...simd(0x00), 0x00, 0x00];
const V128_STORE = [...simd(0x0b), 0x00, 0x00];
const I32_LOAD = [0x28, 0x02, 0x00];
const I32_STORE = [0x36, 0x02, 0x00];

/** i8x16.shuffle picking four 32-bit lanes (0–3 from the first operand, 4–7 from the second). */
function shuffle32(lanes: readonly [number, number, number, number]): number[] {
  return [...simd(0x0d), ...lanes.flatMap((lane) => [lane * 4, lane * 4 + 1, lane * 4 + 2, lane * 4 + 3])];
}

/** Byte address of element (row, col) of a matrix at `base` whose rows are `stride` bytes apart. */
const address = (base: number, row: number, stride: number, col: number) =>
  [...get(base), ...get(row), ...get(stride), I32_MUL, I32_ADD, ...get(col), ...i32Const(2), I32_SHL, I32_ADD];

/** Copies element (R, C) of src to (C, R) of dst, one at a time. */
const copyOne = [...address(DST, C, OUT_STRIDE, R), ...address(SRC, R, IN_STRIDE, C), ...I32_LOAD, ...I32_STORE];

const block4x4 = [
  ...address(SRC, R, IN_STRIDE, C), ...set(IN),
  ...get(IN), ...V128_LOAD, ...set(A),
  ...get(IN), ...get(IN_STRIDE), I32_ADD, ...set(IN), ...get(IN), ...V128_LOAD, ...set(B),
  ...get(IN), ...get(IN_STRIDE), I32_ADD, ...set(IN), ...get(IN), ...V128_LOAD, ...set(CC),
  ...get(IN), ...get(IN_STRIDE), I32_ADD, ...set(IN), ...get(IN), ...V128_LOAD, ...set(D),
  ...get(A), ...get(B), ...shuffle32([0, 4, 1, 5]), ...set(T0), // a0 b0 a1 b1
  ...get(A), ...get(B), ...shuffle32([2, 6, 3, 7]), ...set(T1), // a2 b2 a3 b3
  ...get(CC), ...get(D), ...shuffle32([0, 4, 1, 5]), ...set(T2), // c0 d0 c1 d1
  ...get(CC), ...get(D), ...shuffle32([2, 6, 3, 7]), ...set(T3), // c2 d2 c3 d3
  ...address(DST, C, OUT_STRIDE, R), ...set(OUT),
  ...get(OUT), ...get(T0), ...get(T2), ...shuffle32([0, 1, 4, 5]), ...V128_STORE, // column c: a0 b0 c0 d0
  ...get(OUT), ...get(OUT_STRIDE), I32_ADD, ...set(OUT),
  ...get(OUT), ...get(T0), ...get(T2), ...shuffle32([2, 3, 6, 7]), ...V128_STORE,
  ...get(OUT), ...get(OUT_STRIDE), I32_ADD, ...set(OUT),
  ...get(OUT), ...get(T1), ...get(T3), ...shuffle32([0, 1, 4, 5]), ...V128_STORE,
  ...get(OUT), ...get(OUT_STRIDE), I32_ADD, ...set(OUT),
  ...get(OUT), ...get(T1), ...get(T3), ...shuffle32([2, 3, 6, 7]), ...V128_STORE,
];

const body: number[] = [
  ...get(COLS), ...i32Const(2), I32_SHL, ...set(IN_STRIDE),
  ...get(ROWS), ...i32Const(2), I32_SHL, ...set(OUT_STRIDE),
  ...get(ROWS), ...i32Const(-4), I32_AND, ...set(R4),
  ...get(COLS), ...i32Const(-4), I32_AND, ...set(C4),
  // 4 × 4 blocks.
  ...forLoop(R, i32Const(0), get(R4), 4, forLoop(C, i32Const(0), get(C4), 4, block4x4)),
  // Every row's columns past the last block.
  ...forLoop(R, i32Const(0), get(ROWS), 1, forLoop(C, get(C4), get(COLS), 1, copyOne)),
  // The rows past the last block, in the blocked columns.
  ...forLoop(R, get(R4), get(ROWS), 1, forLoop(C, i32Const(0), get(C4), 1, copyOne)),
  0x0b,
];

/** The module's bytes: one function `transpose`, importing `env.memory`. */
export const TRANSPOSE_MODULE_BYTES = moduleBytes('transpose', [I32, I32, I32, I32], [[8, I32], [8, V128]], body);

export type TransposeMatrix = (src: number, dst: number, rows: number, cols: number) => void;

/** The `transpose` function bound to a wasm memory (a WebAssembly.Memory: the wasm backend's). */
export function instantiateTranspose(memory: object): TransposeMatrix {
  return instantiate<TransposeMatrix>(TRANSPOSE_MODULE_BYTES, 'transpose', memory);
}
