import type { EvalExclusion, EvalSplit } from '@alkdrec/contracts';
import type { Evaluation, PrismaClient } from '../prisma-client';
import { SPLIT_TO_ENUM } from '../split-enum';

export interface EvaluationInput {
  modelId: string;
  split: EvalSplit;
  /** The rule the ranking used: a model has one evaluation per split and rule. */
  exclusion: EvalExclusion;
  sessionCount: number;
  recall5: number;
  ndcg5: number;
  recall10: number;
  ndcg10: number;
  /** Each session's 0-based rank of the true item, in ordinal order (one per session). */
  ranks: readonly number[];
  wallMs: number;
}

export class EvaluationRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Stores a model's metrics on a split under a rule, replacing an earlier evaluation of the same three. */
  async save(input: EvaluationInput): Promise<Evaluation> {
    if (input.ranks.length !== input.sessionCount) {
      // The ranks exist for paired comparisons between models: a partial list would misalign them.
      throw new RangeError(`evaluation of ${input.modelId} has ${input.ranks.length} ranks for ${input.sessionCount} sessions`);
    }
    const split = SPLIT_TO_ENUM[input.split];
    const fields = {
      sessionCount: input.sessionCount,
      recall5: input.recall5,
      ndcg5: input.ndcg5,
      recall10: input.recall10,
      ndcg10: input.ndcg10,
      ranks: [...input.ranks],
      wallMs: Math.round(input.wallMs),
    };
    return this.prisma.evaluation.upsert({
      where: { modelId_split_exclusion: { modelId: input.modelId, split, exclusion: input.exclusion } },
      create: { modelId: input.modelId, split, exclusion: input.exclusion, ...fields },
      update: fields,
    });
  }

  find(modelId: string, split: EvalSplit, exclusion: EvalExclusion): Promise<Evaluation | null> {
    return this.prisma.evaluation.findUnique({ where: { modelId_split_exclusion: { modelId, split: SPLIT_TO_ENUM[split], exclusion } } });
  }
}
