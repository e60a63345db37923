/** The selection strategies of the paper's Table 2 (REFERENCE §5). */
export const SELECTION_STRATEGIES = ['alkdrec', 'random', 'easiest', 'hardest', 'rad-bc', 'tr'] as const;
export type SelectionStrategy = (typeof SELECTION_STRATEGIES)[number];

/** One training session offered for selection: its row in the training split and its difficulty df_s. */
export interface PoolSession {
  row: number;
  /** df_s = −(1/|s|) Σ σ(⟨u_s, e_v⟩) (REFERENCE §3): closer to 0 = harder. */
  difficulty: number;
}

export interface SelectedSession {
  row: number;
  /** 0-based position in the draw sequence. */
  order: number;
  /** Difficulty rank in the pool as it was at this draw (1 = hardest). */
  rank: number;
  /** Probability this session had of being drawn at that moment (1 for deterministic strategies). */
  probability: number;
  difficulty: number;
}

/**
 * What the distillation learns from: the LLM's ranking (weighted 3/2/1 by position, REFERENCE §6),
 * or — for `tr` — the teacher recommender's top-50, every item weighted 1.
 */
export type DistillationTarget =
  | { source: 'llm-ranking' }
  | { source: 'teacher-top-50'; weight: 1 };

export interface SelectionResult {
  strategy: SelectionStrategy;
  selected: SelectedSession[];
  distillationTarget: DistillationTarget;
}
