import type { AttrValue, GraphDefBuilder, TfDtype } from './graph-def-builder';

const FLOAT: AttrValue = { type: 'DT_FLOAT' };
const INT32: AttrValue = { type: 'DT_INT32' };
const type = (dtype: TfDtype): AttrValue => ({ type: dtype });

/**
 * The TensorFlow ops the encoders need, with the attributes a TensorFlow GraphDef gives them
 * (TensorFlow.js reads only some: transpose flags, keep_dims, axis, batch_dims, DstT). Every
 * op name here is in tfjs-converter's op lists.
 */
export class GraphOps {
  constructor(readonly g: GraphDefBuilder) {}

  add(a: string, b: string): string {
    return this.g.op('AddV2', [a, b], { T: FLOAT });
  }
  sub(a: string, b: string): string {
    return this.g.op('Sub', [a, b], { T: FLOAT });
  }
  mul(a: string, b: string): string {
    return this.g.op('Mul', [a, b], { T: FLOAT });
  }
  div(a: string, b: string): string {
    return this.g.op('RealDiv', [a, b], { T: FLOAT });
  }
  sigmoid(x: string): string {
    return this.g.op('Sigmoid', [x], { T: FLOAT });
  }
  sqrt(x: string): string {
    return this.g.op('Sqrt', [x], { T: FLOAT });
  }
  square(x: string): string {
    return this.g.op('Square', [x], { T: FLOAT });
  }
  squaredDifference(a: string, b: string): string {
    return this.g.op('SquaredDifference', [a, b], { T: FLOAT });
  }
  /** Softmax over the last axis. */
  softmax(x: string): string {
    return this.g.op('Softmax', [x], { T: FLOAT });
  }
  matMul(a: string, b: string): string {
    return this.g.op('MatMul', [a, b], { T: FLOAT, transpose_a: { b: false }, transpose_b: { b: false } });
  }
  /** [B, n, m] × [B, m, p]. */
  batchMatMul(a: string, b: string): string {
    return this.g.op('BatchMatMulV2', [a, b], { T: FLOAT, adj_x: { b: false }, adj_y: { b: false } });
  }
  sum(x: string, axes: readonly number[], keepDims: boolean): string {
    return this.g.op('Sum', [x, this.g.intConst(axes)], { T: FLOAT, Tidx: INT32, keep_dims: { b: keepDims } });
  }
  mean(x: string, axes: readonly number[], keepDims: boolean): string {
    return this.g.op('Mean', [x, this.g.intConst(axes)], { T: FLOAT, Tidx: INT32, keep_dims: { b: keepDims } });
  }
  reshape(x: string, shape: readonly number[], dtype: TfDtype = 'DT_FLOAT'): string {
    return this.g.op('Reshape', [x, this.g.intConst(shape)], { T: type(dtype), Tshape: INT32 });
  }
  expandDims(x: string, axis: number): string {
    return this.g.op('ExpandDims', [x, this.g.intConst([axis], [])], { T: FLOAT, Tdim: INT32 });
  }
  transpose(x: string, perm: readonly number[]): string {
    return this.g.op('Transpose', [x, this.g.intConst(perm)], { T: FLOAT, Tperm: INT32 });
  }
  concat(xs: readonly string[], axis: number): string {
    return this.g.op('ConcatV2', [...xs, this.g.intConst([axis], [])], { T: FLOAT, Tidx: INT32, N: { i: String(xs.length) } });
  }
  /** Stacks same-shaped tensors along a new axis. */
  pack(xs: readonly string[], axis: number): string {
    return this.g.op('Pack', [...xs], { T: FLOAT, N: { i: String(xs.length) }, axis: { i: String(axis) } });
  }
  /** size −1 takes the rest of that axis. */
  slice(x: string, begin: readonly number[], size: readonly number[]): string {
    return this.g.op('Slice', [x, this.g.intConst(begin), this.g.intConst(size)], { T: FLOAT, Index: INT32 });
  }
  /** Rows of `params` (axis 0) at int32 `indices`, any shape: result is indices.shape + [cols]. */
  gatherRows(params: string, indices: string): string {
    return this.g.op('GatherV2', [params, indices, this.g.intConst([0], [])], {
      Tparams: FLOAT, Tindices: INT32, Taxis: INT32, batch_dims: { i: '0' },
    });
  }
  equal(a: string, b: string): string {
    return this.g.op('Equal', [a, b], { T: FLOAT, incompatible_shape_error: { b: true } });
  }
  /** bool → float32 (1 or 0). */
  boolToFloat(x: string): string {
    return this.g.op('Cast', [x], { SrcT: { type: 'DT_BOOL' }, DstT: FLOAT, Truncate: { b: false } });
  }
  identity(x: string, name: string): string {
    return this.g.op('Identity', [x], { T: FLOAT }, name);
  }

  /** x / sqrt(Σ x² + eps²) along `axis`: the models' l2Normalize. */
  l2Normalize(x: string, axis: number, eps = 1e-8): string {
    return this.div(x, this.sqrt(this.add(this.sum(this.square(x), [axis], true), this.g.scalar(eps * eps))));
  }
}
