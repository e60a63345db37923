/**
 * Queue names are part of the wire format: jobs already in Redis are addressed by them, so a rename
 * strands every waiting job. Add new queues; never rename or reuse one.
 */
export const QueueName = {
  Trainer: 'alkdrec.trainer',
  /** Module 2: one LLM re-ranking of a session's candidates per job (llm-worker). */
  LlmRanking: 'alkdrec.llm.ranking',
  /** Module 1: one hint summary per job (llm-worker). */
  LlmHints: 'alkdrec.llm.hints',
  /** One job per ALKDRec run: drives its stages across the services (selector). */
  Runs: 'alkdrec.runs',
  /** Parent of a run's ranking fan-out: stores the LLM's answers once every child is done (selector). */
  RankingCollect: 'alkdrec.selector.collect',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** Job names on the trainer queue; one processor per queue switches on these. */
export const TrainerJob = {
  Train: 'train',
  Evaluate: 'evaluate',
  Predict: 'predict',
  Distill: 'distill',
} as const;
export type TrainerJob = (typeof TrainerJob)[keyof typeof TrainerJob];
