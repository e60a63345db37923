/**
 * A TensorFlow GraphDef in the JSON form TensorFlow.js's `loadGraphModel` reads (what
 * tensorflowjs_converter writes as `model.json`): nodes with `op`, `input` and `attr`, every Const's
 * value in the weights manifest under the node's name. Only ops listed in tfjs-converter's op lists
 * are emitted (libs/models' export spec checks every node against them).
 */
export type TfDtype = 'DT_FLOAT' | 'DT_INT32' | 'DT_BOOL';

export type AttrValue =
  | { type: TfDtype }
  | { b: boolean }
  | { i: string }
  | { f: number }
  | { shape: TensorShape }
  | { tensor: { dtype: TfDtype; tensorShape: TensorShape } };

export interface TensorShape {
  dim?: { size: string }[];
}

export interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, AttrValue>;
}

export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  values: Float32Array | Int32Array;
}

export interface SignatureEntry {
  name: string;
  dtype: TfDtype;
  tensorShape: TensorShape;
}

export function tensorShape(shape: readonly number[]): TensorShape {
  return shape.length === 0 ? {} : { dim: shape.map((size) => ({ size: String(size) })) };
}

export class GraphDefBuilder {
  readonly nodes: GraphNode[] = [];
  readonly weights: WeightEntry[] = [];
  readonly inputs: Record<string, SignatureEntry> = {};
  private readonly taken = new Set<string>();
  private readonly cached = new Map<string, string>();
  private counter = 0;

  placeholder(name: string, dtype: TfDtype, shape: readonly number[]): string {
    this.add({ name, op: 'Placeholder', attr: { dtype: { type: dtype }, shape: { shape: tensorShape(shape) } } });
    this.inputs[name] = { name: `${name}:0`, dtype, tensorShape: tensorShape(shape) };
    return name;
  }

  /** A float32 constant (a weight, or a scalar such as 1e-16); scalars are shared by value. */
  floatConst(values: Float32Array | readonly number[], shape: readonly number[], name?: string): string {
    return this.constant('float32', Float32Array.from(values), shape, name);
  }

  /** An int32 constant: axes, shapes, slice bounds, permutations. */
  intConst(values: readonly number[], shape: readonly number[] = [values.length]): string {
    return this.constant('int32', Int32Array.from(values), shape);
  }

  scalar(value: number): string {
    return this.floatConst([value], []);
  }

  /** Adds an op node; returns its name (an output is `name` or `name:k`). */
  op(op: string, input: readonly string[], attr: Record<string, AttrValue> = {}, name?: string): string {
    const nodeName = name ?? this.fresh(op);
    this.add({ name: nodeName, op, input: [...input], attr });
    return nodeName;
  }

  private constant(dtype: 'float32' | 'int32', values: Float32Array | Int32Array, shape: readonly number[], name?: string): string {
    const size = shape.reduce((a, b) => a * b, 1);
    if (values.length !== size) throw new RangeError(`constant ${name ?? ''} has ${values.length} values for shape [${shape.join(', ')}]`);
    const key = name === undefined ? `${dtype}:${shape.join('x')}:${Array.from(values).join(',')}` : undefined;
    const existing = key === undefined ? undefined : this.cached.get(key);
    if (existing !== undefined) return existing;
    const nodeName = name ?? this.fresh(dtype === 'float32' ? 'const_f' : 'const_i');
    const tfType: TfDtype = dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32';
    this.add({
      name: nodeName,
      op: 'Const',
      attr: { dtype: { type: tfType }, value: { tensor: { dtype: tfType, tensorShape: tensorShape(shape) } } },
    });
    this.weights.push({ name: nodeName, shape: [...shape], dtype, values });
    if (key !== undefined) this.cached.set(key, nodeName);
    return nodeName;
  }

  private add(node: GraphNode): void {
    if (this.taken.has(node.name)) throw new Error(`internal: two graph nodes named ${node.name}`);
    this.taken.add(node.name);
    this.nodes.push(node);
  }

  private fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}_${this.counter}`;
  }
}
