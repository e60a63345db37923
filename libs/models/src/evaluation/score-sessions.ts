import { tf, type Tensor2D } from '../tf';
import type { Backbone } from '../backbones/backbone';
import { disposeBatch, toSessionBatch } from '../backbones/backbone';
import { selectSessions, type EncodedSessions } from '../input/session-tensors';
import { hostValues } from '../ops/wasm/wasm-backend';

/** Sessions scored per matMul: bounds the [chunk, itemCount] score block kept on the host. */
const DEFAULT_CHUNK = 512;

/**
 * Scores every session against the whole catalogue, chunk by chunk, and hands each session's score
 * row (length itemCount, a view valid only during the call) to `visit`, which must not call
 * TensorFlow.js (on wasm the row is the backend's own memory).
 */
export function forEachScoreRow(
  model: Backbone,
  sessions: EncodedSessions,
  visit: (index: number, scores: Float32Array) => void,
  chunk = DEFAULT_CHUNK,
): void {
  const itemCount = model.shape.itemCount;
  const catalogueT = tf.tidy(() => model.catalogueEmbeddingsT());
  try {
    for (let start = 0; start < sessions.count; start += chunk) {
      const rows = Int32Array.from({ length: Math.min(chunk, sessions.count - start) }, (_, i) => start + i);
      const batch = toSessionBatch(tf, selectSessions(sessions, rows));
      const scores = tf.tidy(() => tf.matMul(model.encode(batch, false), catalogueT as Tensor2D));
      disposeBatch(batch);
      try {
        // Visitors are host code only, so a view of the scores in place is safe until dispose.
        const data = hostValues(scores);
        for (let i = 0; i < rows.length; i++) visit(start + i, data.subarray(i * itemCount, (i + 1) * itemCount));
      } finally {
        scores.dispose();
      }
    }
  } finally {
    catalogueT.dispose();
  }
}
