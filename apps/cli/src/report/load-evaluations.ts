import type { PrismaClient } from '@alkdrec/db';
import type { EvaluationData, ExclusionRule } from '@alkdrec/report';

/**
 * The test evaluations of these models under one exclusion rule, by model id. The one place that
 * knows how the rule is stored: this branch's Evaluation has no `exclusion` column yet, so every
 * stored row is a `session` evaluation and there is no `window` one. When the column lands, drop
 * the early return and add `exclusion` to the where clause.
 */
export async function loadTestEvaluations(prisma: PrismaClient, modelIds: readonly string[], exclusion: ExclusionRule): Promise<Map<string, EvaluationData>> {
  if (exclusion === 'window') return new Map();
  const rows = await prisma.evaluation.findMany({
    where: { modelId: { in: [...new Set(modelIds)] }, split: 'TEST' },
    select: { modelId: true, recall5: true, ndcg5: true, recall10: true, ndcg10: true, ranks: true },
  });
  return new Map(rows.map((r) => [r.modelId, { metrics: { recall5: r.recall5, ndcg5: r.ndcg5, recall10: r.recall10, ndcg10: r.ndcg10 }, ranks: r.ranks }]));
}
