import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The op names TensorFlow.js's GraphModel executes, read from tfjs-converter's own op lists
 * (dist/operations/op_list/*.js, one `tfOpName` per supported op) in the installed package.
 */
export function tfjsConverterOps(): Set<string> {
  const dir = join(dirname(require.resolve('@tensorflow/tfjs-converter/package.json')), 'dist', 'operations', 'op_list');
  const ops = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    for (const match of readFileSync(join(dir, file), 'utf8').matchAll(/'tfOpName': '([A-Za-z0-9_]+)'/g)) ops.add(match[1] as string);
  }
  return ops;
}
