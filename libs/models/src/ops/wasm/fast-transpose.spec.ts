import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../backend';
import { tf } from '../../tf';
import { TRANSPOSE_MODULE_BYTES } from './transpose-module';

/** dst[b][c][r] = src[b][r][c], on the host. */
function expectedTranspose(values: ArrayLike<number>, batch: number, rows: number, cols: number): number[] {
  const out: number[] = [];
  for (let b = 0; b < batch; b++) for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) out.push(values[b * rows * cols + r * cols + c] as number);
  return out;
}

describe('the wasm Transpose kernel (blocked SIMD)', () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('is a valid WebAssembly module', () => {
    assert.ok((globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly.validate(TRANSPOSE_MODULE_BYTES));
  });

  // Multiples of 4 (blocks only), remainders in rows, columns or both, vectors, and a large one.
  for (const [rows, cols] of [[4, 8], [5, 7], [13, 4], [4, 13], [1, 9], [9, 1], [3, 3], [130, 257]] as const) {
    it(`transposes a ${rows} × ${cols} matrix exactly`, () => {
      const values = Float32Array.from({ length: rows * cols }, (_, i) => Math.cos(i) * 1e3);
      const transposed = tf.transpose(tf.tensor2d(values, [rows, cols]));
      assert.deepEqual(transposed.shape, [cols, rows]);
      assert.deepEqual(Array.from(transposed.dataSync()), expectedTranspose(values, 1, rows, cols));
    });
  }

  it('transposes each matrix of a batch ([0, 2, 1]), int32 too', () => {
    const values = Int32Array.from({ length: 3 * 5 * 6 }, (_, i) => i * 3 - 40);
    const transposed = tf.transpose(tf.tensor3d(values, [3, 5, 6], 'int32'), [0, 2, 1]);
    assert.deepEqual(transposed.shape, [3, 6, 5]);
    assert.equal(transposed.dtype, 'int32');
    assert.deepEqual(Array.from(transposed.dataSync()), expectedTranspose(values, 3, 5, 6));
  });

  it('leaves other permutations to the original kernel', () => {
    const cube = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    assert.deepEqual(Array.from(tf.transpose(cube, [1, 0, 2]).dataSync()), [1, 2, 5, 6, 3, 4, 7, 8]);
  });
});
