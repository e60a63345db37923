import type { Backbone } from '@alkdrec/contracts';
import type { CheckpointShape } from '../checkpoint/checkpoint-format';
import { ATTMIX_HEADS, AttMixEncoder } from '../encoders/attmix-encoder';
import { FpmcEncoder } from '../encoders/fpmc-encoder';
import type { SessionEncoder } from '../encoders/session-window';
import { StampEncoder } from '../encoders/stamp-encoder';
import { attmixGraph } from '../export/graph/attmix-graph';
import type { EncoderInputs } from '../export/graph/encoder-graph-inputs';
import { fpmcGraph } from '../export/graph/fpmc-graph';
import type { GraphOps } from '../export/graph/graph-ops';
import { stampGraph } from '../export/graph/stamp-graph';
import { CheckpointLayoutError, tableShape, type NamedWeights, type VariableSpec } from './weights';

/** How scores are taken: ⟨u, e_v⟩ against the raw output embeddings, or against L2-normalised ones. */
export type ItemVectors = 'raw' | 'l2-normalized';

/** Everything serving and export need to know about one backbone. */
export interface ServingBackbone {
  /** The checkpoint's variables in order (libs/models' `Backbone.variables`). */
  layout(shape: CheckpointShape): VariableSpec[];
  createEncoder(shape: CheckpointShape, weights: NamedWeights): SessionEncoder;
  /** Adds the TF.js encoder graph; returns the node holding u_s [B, d]. */
  encoderGraph(ops: GraphOps, inputs: EncoderInputs, shape: CheckpointShape, weights: NamedWeights): string;
  /** What scores are taken against (the encoder's output is already normalised where this is). */
  itemVectors: ItemVectors;
  /** The name as the papers write it. */
  displayName: string;
  /** One sentence for the manifest and README. */
  encoderSummary: string;
}

/**
 * The per-backbone facts, keyed by the backbone name a checkpoint's header carries (contracts'
 * Backbone: the compiler insists every backbone has a row).
 */
export const SERVING_BACKBONES: Readonly<Record<Backbone, ServingBackbone>> = {
  fpmc: {
    layout: (shape) => [
      { name: 'in', shape: tableShape(shape) },
      { name: 'out', shape: tableShape(shape) },
    ],
    createEncoder: (shape, weights) => new FpmcEncoder(shape, weights),
    encoderGraph: fpmcGraph,
    itemVectors: 'raw',
    displayName: 'FPMC',
    encoderSummary: 'FPMC as trained here is mean pooling: the session embedding is the mean of the input embeddings of its (last maxLength) items.',
  },
  stamp: {
    layout: (shape) => {
      const d = shape.dim;
      return [
        { name: 'in', shape: tableShape(shape) },
        { name: 'out', shape: tableShape(shape) },
        { name: 'w1', shape: [d, d] },
        { name: 'w2', shape: [d, d] },
        { name: 'w3', shape: [d, d] },
        { name: 'w0', shape: [d, 1] },
        { name: 'b', shape: [d] },
      ];
    },
    createEncoder: (shape, weights) => new StampEncoder(shape, weights),
    encoderGraph: stampGraph,
    itemVectors: 'raw',
    displayName: 'STAMP',
    encoderSummary: 'STAMP: m = mean of input embeddings; α_t = w0·σ(W1 x_t + W2 x_last + W3 m + b); u = Σ α_t x_t + m.',
  },
  attmix: {
    layout: (shape) => {
      const { dim: d, maxLength: L } = shape;
      if (d % ATTMIX_HEADS !== 0) throw new CheckpointLayoutError(`attmix checkpoint has d = ${d}, not divisible by its ${ATTMIX_HEADS} heads`);
      const queries = Array.from({ length: L }, (_, i) => i + 1);
      return [
        { name: 'in', shape: tableShape(shape) },
        { name: 'out', shape: tableShape(shape) },
        ...queries.map((i) => ({ name: `q${i}_w`, shape: [i * d, d] })),
        ...queries.map((i) => ({ name: `q${i}_b`, shape: [d] })),
        { name: 'aq_w', shape: [d, d] },
        { name: 'aq_b', shape: [d] },
        { name: 'ak_w', shape: [d, d] },
        { name: 'ak_b', shape: [d] },
        { name: 'av_w', shape: [d, d] },
        { name: 'av_b', shape: [d] },
        { name: 'ln_g', shape: [d] },
        { name: 'ln_b', shape: [d] },
        { name: 'o_w', shape: [2 * d, d] },
        { name: 'o_b', shape: [d] },
      ];
    },
    createEncoder: (shape, weights) => new AttMixEncoder(shape, weights),
    encoderGraph: attmixGraph,
    itemVectors: 'raw',
    displayName: 'AttMix',
    encoderSummary:
      'AttMix (no dropout): multi-length queries over the L2-normalised window read most recent first, a two-head attention block (query/key/value projections, sigmoid scores, each head pooling its own half of the values), LayerNorm, a linear layer on [pooled; h_last], L2-normalised; scored against the raw output embeddings.',
  },
};
