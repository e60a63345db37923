import { rankOfTarget, topK } from '@alkdrec/recsys';
import type { Backbone } from '../backbones/backbone';
import { encodeSessions, type SessionInput } from '../input/session-tensors';
import { forEachScoreRow } from './score-sessions';

export interface SessionPrediction {
  /** The model's top-k items, best first, session items excluded. */
  top: number[];
  /** 0-based full-catalogue rank of the true next item (itemCount when it is a session item). */
  trueRank: number;
  /**
   * df_s = −(1/|s|) Σ_{v∈s} σ(⟨u_s, e_v⟩) over the model's input window (REFERENCE §3): a session
   * whose own items the model cannot "see" again is hard. Meaningful for the teacher.
   */
  difficulty: number;
}

export function predictSessions(model: Backbone, sessions: readonly SessionInput[], k = 50): SessionPrediction[] {
  const itemCount = model.shape.itemCount;
  const encoded = encodeSessions(sessions, itemCount, model.shape.maxLength);
  const L = encoded.maxLength;
  const out: SessionPrediction[] = new Array(sessions.length);
  forEachScoreRow(model, encoded, (i, scores) => {
    const s = sessions[i] as SessionInput;
    const excluded = new Set(s.items);
    let sum = 0;
    let count = 0;
    for (let t = 0; t < L; t++) {
      if ((encoded.mask[i * L + t] as number) === 0) continue;
      sum += sigmoid(scores[encoded.ids[i * L + t] as number] as number);
      count++;
    }
    out[i] = {
      top: topK(scores, itemCount, k, excluded),
      trueRank: Math.min(rankOfTarget(scores, itemCount, s.next, excluded), itemCount),
      difficulty: -sum / count,
    };
  });
  return out;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
