import type { SessionInput } from '../input/session-tensors';

/**
 * Training pairs (session, positive item). Plain training has one pair per session (its next item);
 * distillation has one per LLM-ranked item, repeated by weight (REFERENCE §6).
 */
export interface TrainingExamples {
  sessions: readonly SessionInput[];
  /** For each pair, the index of its session in `sessions`. */
  sessionIndex: Int32Array;
  /** For each pair, the positive item. */
  positive: Int32Array;
}

export function nextItemExamples(sessions: readonly SessionInput[]): TrainingExamples {
  return {
    sessions,
    sessionIndex: Int32Array.from(sessions, (_, i) => i),
    positive: Int32Array.from(sessions, (s) => s.next),
  };
}
