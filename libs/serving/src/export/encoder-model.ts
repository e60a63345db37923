import type { ServingModel } from '../backbones/serving-model';
import { GraphDefBuilder, tensorShape, type GraphNode } from './graph/graph-def-builder';
import { declareEncoderInputs, ITEM_IDS_INPUT, MASK_INPUT, SESSION_EMBEDDING_OUTPUT } from './graph/encoder-graph-inputs';
import { GraphOps } from './graph/graph-ops';
import { littleEndianFloat32, littleEndianInt32 } from './npy';

export const ENCODER_WEIGHTS_FILE = 'weights.bin';

/** A tensor the encoder takes or gives, as the manifest and README describe it. */
export interface TensorDescription {
  name: string;
  dtype: 'int32' | 'float32';
  /** −1: any batch size. */
  shape: number[];
  description: string;
}

export interface EncoderModel {
  /** model.json: a TF.js GraphModel (format "graph-model"). */
  modelJson: Record<string, unknown>;
  weights: Uint8Array;
  inputs: TensorDescription[];
  outputs: TensorDescription[];
  /** Every op the graph uses (for the supported-op check). */
  ops: string[];
  nodes: readonly GraphNode[];
}

/** The session encoder of a checkpoint as a TensorFlow.js GraphModel (no custom ops). */
export function buildEncoderModel(model: ServingModel): EncoderModel {
  const { dim: d, maxLength: L, itemCount } = model.shape;
  const builder = new GraphDefBuilder();
  const ops = new GraphOps(builder);
  const inputs = declareEncoderInputs(ops, L, d);
  const u = model.facts.encoderGraph(ops, inputs, model.shape, model.weights);
  ops.identity(u, SESSION_EMBEDDING_OUTPUT);

  const weights = concatBytes(
    builder.weights.map((w) => (w.dtype === 'float32' ? littleEndianFloat32(w.values as Float32Array) : littleEndianInt32(w.values as Int32Array))),
  );
  const modelJson = {
    format: 'graph-model',
    generatedBy: `alkdrec ${model.backbone} encoder`,
    convertedBy: '@alkdrec/serving (GraphDef written directly, no converter)',
    modelTopology: { node: builder.nodes, library: {}, versions: { producer: 1, minConsumer: 0 } },
    weightsManifest: [
      { paths: [ENCODER_WEIGHTS_FILE], weights: builder.weights.map(({ name, shape, dtype }) => ({ name, shape, dtype })) },
    ],
    signature: {
      inputs: builder.inputs,
      outputs: {
        [SESSION_EMBEDDING_OUTPUT]: { name: `${SESSION_EMBEDDING_OUTPUT}:0`, dtype: 'DT_FLOAT', tensorShape: tensorShape([-1, d]) },
      },
    },
  };
  return {
    modelJson,
    weights,
    inputs: [
      {
        name: ITEM_IDS_INPUT, dtype: 'int32', shape: [-1, L],
        description: `catalogue indices of the session's last ≤ ${L} items, oldest first, right-padded with the padding id ${itemCount}`,
      },
      { name: MASK_INPUT, dtype: 'float32', shape: [-1, L], description: '1 where item_ids holds an item, 0 at padding; at least one 1 per row' },
    ],
    outputs: [
      {
        name: SESSION_EMBEDDING_OUTPUT, dtype: 'float32', shape: [-1, d],
        description: 'u_s: score item v as the dot product of u_s with row v of item_embeddings',
      },
    ],
    ops: [...new Set(builder.nodes.map((n) => n.op))].sort(),
    nodes: builder.nodes,
  };
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
