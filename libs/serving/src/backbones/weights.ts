import type { CheckpointShape, ParsedCheckpoint } from '../checkpoint/checkpoint-format';

/** One checkpoint variable as a backbone lays it out: its role and the shape it must have. */
export interface VariableSpec {
  name: string;
  shape: number[];
}

/** A checkpoint's variables by role, each a row-major Float32Array checked against its shape. */
export type NamedWeights = ReadonlyMap<string, Float32Array>;

/** The checkpoint does not hold what its backbone needs (count or shape of variables). */
export class CheckpointLayoutError extends Error {
  override readonly name = 'CheckpointLayoutError';
}

/**
 * Pairs the checkpoint's variables with the backbone's layout (same order as libs/models'
 * `Backbone.variables`), refusing a count or a shape that does not match.
 */
export function nameWeights(checkpoint: ParsedCheckpoint, layout: readonly VariableSpec[]): NamedWeights {
  const { backbone, variables } = checkpoint;
  if (variables.length !== layout.length) {
    throw new CheckpointLayoutError(`${backbone} checkpoint has ${variables.length} variables; ${backbone} needs ${layout.length}`);
  }
  const named = new Map<string, Float32Array>();
  layout.forEach((spec, i) => {
    const variable = variables[i] as ParsedCheckpoint['variables'][number];
    if (variable.shape.join('x') !== spec.shape.join('x')) {
      throw new CheckpointLayoutError(
        `${backbone} checkpoint variable ${i} (${spec.name}) has shape [${variable.shape.join(', ')}], expected [${spec.shape.join(', ')}]`,
      );
    }
    named.set(spec.name, variable.values);
  });
  return named;
}

/** The named variable (the layout guarantees it exists). */
export function weight(weights: NamedWeights, name: string): Float32Array {
  const values = weights.get(name);
  if (!values) throw new Error(`internal: no variable ${name} in the layout`);
  return values;
}

/** Input and output tables: itemCount + 1 rows (the last is the padding row), dim columns. */
export function tableShape(shape: CheckpointShape): number[] {
  return [shape.itemCount + 1, shape.dim];
}
