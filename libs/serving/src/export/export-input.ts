/** What an export is built from (libs/db's loadServableModel returns this shape). */
export interface ModelExportInput {
  model: {
    id: string;
    role: string;
    seed: number;
    createdAt?: Date | string;
  };
  /** The ALKDREC1 checkpoint bytes: backbone, shape and weights come from its header. */
  checkpoint: Uint8Array;
  dataset: {
    name: string;
    itemCount: number;
    /** sha256 of the decompressed items.csv and sessions.jsonl as imported; null when not recorded. */
    contentSha256: { items: string | null; sessions: string | null };
  };
  /** Every catalogue item in index order. */
  items: readonly { externalId: string; title: string }[];
  /** Test-split metrics, when the model was evaluated. */
  metrics: ExportMetrics | null;
  lineage: ModelLineage;
}

export interface ExportMetrics {
  split: string;
  /**
   * Which items the ranking left out: `session` (every item of the session) or `window` (only the
   * model's input window); contracts' EvalExclusion, docs/metrics.md.
   */
  exclusion: string;
  sessions: number;
  recall5: number;
  ndcg5: number;
  recall10: number;
  ndcg10: number;
}

/** Where a model came from. Fields that do not apply (a teacher has no teacher) are null. */
export interface ModelLineage {
  dataset: string;
  backbone: string;
  role: string;
  /** The run that produced the model (for a shared teacher or student, the first run that used it). */
  run: string | null;
  /** The teacher whose knowledge a distilled model carries (its run's teacher). */
  teacher: string | null;
  /** The student a distilled model was fine-tuned from. */
  student: string | null;
  /** The run's selection strategy and budget: what shaped a distilled model (null for teachers and students). */
  strategy: string | null;
  budget: number | null;
  seed: number;
}
