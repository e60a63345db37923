import { metricsFromRanks, rankOfTarget, type RankMetrics } from '@alkdrec/recsys';
import type { Backbone } from '../backbones/backbone';
import { encodeSessions, type SessionInput } from '../input/session-tensors';
import { forEachScoreRow } from './score-sessions';

export interface Evaluation {
  /** 0-based full-catalogue rank of each session's true next item, in input order. */
  ranks: Int32Array;
  metrics: RankMetrics;
  wallMs: number;
}

/**
 * Full-catalogue evaluation (REFERENCE §1): every item is ranked except those already in the
 * session (its whole item list, not only the model's last-10 window).
 */
export function evaluateModel(model: Backbone, sessions: readonly SessionInput[]): Evaluation {
  const started = performance.now();
  const ranks = rankSessions(model, sessions);
  return { ranks, metrics: metricsFromRanks(ranks), wallMs: performance.now() - started };
}

export function rankSessions(model: Backbone, sessions: readonly SessionInput[]): Int32Array {
  const itemCount = model.shape.itemCount;
  const encoded = encodeSessions(sessions, itemCount, model.shape.maxLength);
  // Int32 holds every real rank; the "unrankable" sentinel is clamped to the catalogue size.
  const ranks = new Int32Array(sessions.length);
  forEachScoreRow(model, encoded, (i, scores) => {
    const s = sessions[i] as SessionInput;
    ranks[i] = Math.min(rankOfTarget(scores, itemCount, s.next, new Set(s.items)), itemCount);
  });
  return ranks;
}
