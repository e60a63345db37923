import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../backend';
import { tf } from '../../tf';

/** The slice computed on the host from the values alone. */
function expectedSlice(values: number[], shape: number[], begin: number[], size: number[]): number[] {
  const out: number[] = [];
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const walk = (axis: number, offset: number): void => {
    if (axis === shape.length) {
      out.push(values[offset] as number);
      return;
    }
    for (let i = 0; i < (size[axis] as number); i++) walk(axis + 1, offset + ((begin[axis] as number) + i) * (strides[axis] as number));
  };
  walk(0, 0);
  return out;
}

describe('the wasm Slice kernel (copies between views of the memory)', () => {
  before(async () => {
    await initBackend('wasm');
  });

  for (const [shape, begin, size] of [
    [[7], [2], [4]],
    [[6, 5], [1, 2], [3, 3]],
    [[6, 5], [0, 0], [6, 5]],
    [[4, 3, 5], [1, 0, 2], [2, 3, 2]],
    [[3, 4, 2, 5], [1, 1, 0, 1], [2, 2, 2, 3]],
  ] as const) {
    it(`slices [${shape}] from [${begin}] by [${size}] exactly, float32 and int32`, () => {
      const count = shape.reduce((a, b) => a * b, 1);
      const values = Array.from({ length: count }, (_, i) => i * 3 - 7);
      for (const dtype of ['float32', 'int32'] as const) {
        const sliced = tf.slice(tf.tensor(values, [...shape], dtype), [...begin], [...size]);
        assert.deepEqual(sliced.shape, [...size]);
        assert.equal(sliced.dtype, dtype);
        assert.deepEqual(Array.from(sliced.dataSync()), expectedSlice(values, [...shape], [...begin], [...size]));
      }
    });
  }

  it('reads -1 as "to the end"', () => {
    const sliced = tf.slice(tf.tensor2d([[1, 2, 3], [4, 5, 6]]), [0, 1], [-1, -1]);
    assert.deepEqual(sliced.arraySync(), [[2, 3], [5, 6]]);
  });
});
