import type { EvalExclusion } from '@alkdrec/contracts';
import { metricsFromRanks, rankOfTarget, type RankMetrics } from '@alkdrec/recsys';
import type { Backbone } from '../backbones/backbone';
import { encodeSessions, type SessionInput } from '../input/session-tensors';
import { excludedItems } from './excluded-items';
import { forEachScoreRow } from './score-sessions';

export interface Evaluation {
  /** 0-based full-catalogue rank of each session's true next item, in input order. */
  ranks: Int32Array;
  metrics: RankMetrics;
  wallMs: number;
}

/**
 * Full-catalogue evaluation (REFERENCE §1): every item is ranked except those `exclusion` leaves
 * out — by default (`session`) the session's whole item list, with `window` only the model's
 * input window (the authors' rule).
 */
export function evaluateModel(model: Backbone, sessions: readonly SessionInput[], exclusion: EvalExclusion = 'session'): Evaluation {
  const started = performance.now();
  const ranks = rankSessions(model, sessions, exclusion);
  return { ranks, metrics: metricsFromRanks(ranks), wallMs: performance.now() - started };
}

/** 0-based rank of each session's true next item; validation during training uses the default, `session`. */
export function rankSessions(model: Backbone, sessions: readonly SessionInput[], exclusion: EvalExclusion = 'session'): Int32Array {
  const itemCount = model.shape.itemCount;
  const encoded = encodeSessions(sessions, itemCount, model.shape.maxLength);
  // Int32 holds every real rank; the "unrankable" sentinel is clamped to the catalogue size.
  const ranks = new Int32Array(sessions.length);
  forEachScoreRow(model, encoded, (i, scores) => {
    const s = sessions[i] as SessionInput;
    ranks[i] = Math.min(rankOfTarget(scores, itemCount, s.next, excludedItems(s.items, exclusion, model.shape.maxLength)), itemCount);
  });
  return ranks;
}
