/*
 * Just enough of the WebAssembly binary format to write the few small functions in this folder by
 * hand: no assembler at build or run time. Opcodes are named where they are used.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

export function uleb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

export function sleb(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      bytes.push(byte);
      return bytes;
    }
    bytes.push(byte | 0x80);
  }
}

/** A SIMD instruction (prefix 0xfd, then its opcode). */
export const simd = (opcode: number) => [0xfd, ...uleb(opcode)];
export const localGet = (index: number) => [0x20, index];
export const localSet = (index: number) => [0x21, index];
export const i32Const = (value: number) => [0x41, ...sleb(value)];
export const I32_GE_U = 0x4f, I32_ADD = 0x6a, I32_MUL = 0x6c, I32_AND = 0x71, I32_SHL = 0x74;

/**
 * `for (index = from; index < to; index += step) { body }` with i32 `index`; `from` and `to` are
 * instruction sequences (pass `localGet(index)` as `from` to carry on where a previous loop stopped).
 */
export function forLoop(index: number, from: readonly number[], to: readonly number[], step: number, body: readonly number[]): number[] {
  return [
    ...from, ...localSet(index),
    0x02, 0x40, 0x03, 0x40, // block, loop
    ...localGet(index), ...to, I32_GE_U, 0x0d, 1, // br_if out of the block
    ...body,
    ...localGet(index), ...i32Const(step), I32_ADD, ...localSet(index),
    0x0c, 0, // br to the loop
    0x0b, 0x0b, // end loop, end block
  ];
}

const name = (text: string) => [...uleb(text.length), ...Buffer.from(text, 'utf8')];
export const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
export const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];


/**
 * A module of one exported function `name` with the given parameter types and local declarations,
 * importing the memory it works in as `env.memory`.
 */
export function moduleBytes(exportName: string, params: readonly number[], locals: readonly (readonly [number, number])[], body: readonly number[]): Uint8Array {
  const code = [...vec(locals.map(([count, type]) => [count, type])), ...body];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec(params.map((t) => [t])), 0x00]])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x00]])),
    ...section(3, vec([[0x00]])),
    ...section(7, vec([[...name(exportName), 0x00, 0x00]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}

/** Node's WebAssembly global, typed as far as this file uses it (the project's TS libs have no DOM types). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;


/** Instantiates a module from moduleBytes over a memory (a WebAssembly.Memory: the wasm backend's) and returns its function. */
export function instantiate<F>(bytes: Uint8Array, exportName: string, memory: object): F {
  const instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory } });
  return instance.exports[exportName] as F;
}
