import type { GraphOps } from './graph-ops';

/** The encoder graph's inputs (names, dtypes, shapes are documented in docs/export.md). */
export const ITEM_IDS_INPUT = 'item_ids';
export const MASK_INPUT = 'mask';
export const SESSION_EMBEDDING_OUTPUT = 'session_embedding';
/** The input embedding table's Const name in every encoder graph (and in weights.bin). */
export const INPUT_EMBEDDINGS_WEIGHT = 'input_embeddings';

export interface EncoderInputs {
  ids: string;
  mask: string;
  /** The window length L (the checkpoint's maxLength). */
  maxLength: number;
  dim: number;
}

/** Declares `item_ids` int32 [B, L] and `mask` float32 [B, L]. */
export function declareEncoderInputs(ops: GraphOps, maxLength: number, dim: number): EncoderInputs {
  const ids = ops.g.placeholder(ITEM_IDS_INPUT, 'DT_INT32', [-1, maxLength]);
  const mask = ops.g.placeholder(MASK_INPUT, 'DT_FLOAT', [-1, maxLength]);
  return { ids, mask, maxLength, dim };
}

/**
 * [B, 1]: each session's last real position (Σ mask − 1), as a float; the graph compares it with
 * constant positions to select the last item or to read the window most recent first.
 */
export function lastPosition(ops: GraphOps, inputs: EncoderInputs): string {
  return ops.sub(ops.sum(inputs.mask, [1], true), ops.g.scalar(1));
}
