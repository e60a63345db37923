import type { EvalExclusion } from '@alkdrec/contracts';
import type { PrismaClient } from '@alkdrec/db';
import type { EvaluationData } from '@alkdrec/report';

/** The test evaluations of these models under one exclusion rule (Evaluation.exclusion), by model id. */
export async function loadTestEvaluations(prisma: PrismaClient, modelIds: readonly string[], exclusion: EvalExclusion): Promise<Map<string, EvaluationData>> {
  const rows = await prisma.evaluation.findMany({
    where: { modelId: { in: [...new Set(modelIds)] }, split: 'TEST', exclusion },
    select: { modelId: true, recall5: true, ndcg5: true, recall10: true, ndcg10: true, ranks: true },
  });
  return new Map(rows.map((r) => [r.modelId, { metrics: { recall5: r.recall5, ndcg5: r.ndcg5, recall10: r.recall10, ndcg10: r.ndcg10 }, ranks: r.ranks }]));
}
