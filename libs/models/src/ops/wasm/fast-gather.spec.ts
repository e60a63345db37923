import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../backend';
import { tf } from '../../tf';
import { installFastWasmGather } from './fast-gather';

/** What tf.gather must return, computed on the host from the table's values. */
function expectedRows(table: Float32Array | Int32Array, cols: number, ids: readonly number[]): number[] {
  return ids.flatMap((id) => Array.from(table.subarray(id * cols, (id + 1) * cols)));
}

describe(installFastWasmGather.name, () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('replaces the wasm GatherV2 kernel once, however often it is installed', () => {
    const installedKernel = tf.getKernel(tf.GatherV2, 'wasm')?.kernelFunc;
    installFastWasmGather();
    assert.equal(tf.getKernel(tf.GatherV2, 'wasm')?.kernelFunc, installedKernel);
  });

  for (const cols of [1, 10, 31, 32, 100]) {
    it(`copies rows of a ${cols}-column table exactly, repeated ids included`, () => {
      const rows = 257;
      const values = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i) * 1e3);
      const ids = [0, 256, 3, 3, 128, 0, 17];
      const gathered = tf.gather(tf.tensor2d(values, [rows, cols]), tf.tensor1d(ids, 'int32'));
      assert.deepEqual(gathered.shape, [ids.length, cols]);
      assert.deepEqual(Array.from(gathered.dataSync()), expectedRows(values, cols, ids));
    });
  }

  it('gathers int32 tables too', () => {
    const values = Int32Array.from({ length: 40 }, (_, i) => i * 7 - 100);
    const gathered = tf.gather(tf.tensor2d(values, [10, 4], 'int32'), tf.tensor1d([9, 1], 'int32'));
    assert.equal(gathered.dtype, 'int32');
    assert.deepEqual(Array.from(gathered.dataSync()), expectedRows(values, 4, [9, 1]));
  });

  it('refuses an index outside the table, naming it (its own message: the row copy is what ran)', () => {
    const table = tf.tensor2d([[1, 2], [3, 4]]);
    assert.throws(() => tf.gather(table, tf.tensor1d([1, 2], 'int32')), /row 2 is outside the table's rows \[0, 1\]/);
    assert.throws(() => tf.gather(table, tf.tensor1d([-1], 'int32')), /row -1 is outside the table's rows \[0, 1\]/);
  });

  it('leaves other gathers to the original kernel (axis 1, 3-D tables)', () => {
    const table = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(Array.from(tf.gather(table, tf.tensor1d([2, 0], 'int32'), 1).dataSync()), [3, 1, 6, 4]);
    const cube = tf.tensor3d([[[1, 2]], [[3, 4]], [[5, 6]]]);
    assert.deepEqual(Array.from(tf.gather(cube, tf.tensor1d([2, 0], 'int32')).dataSync()), [5, 6, 1, 2]);
  });
});
