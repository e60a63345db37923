import type { StageContext } from './stage-context';

/**
 * Whether a cancelled run may withdraw its queued teacher / student training or predictions: those
 * jobs are shared by every run with the same dataset, backbone and seed (their ids are deterministic
 * in the model), so they are withdrawn only when no other RUNNING run could be waiting on them.
 * (Conservative: a run with other --max-steps counts as sharing.)
 */
export function withdrawIfUnshared(ctx: StageContext): () => Promise<boolean> {
  return async () => {
    const others = await ctx.deps.prisma.run.count({
      where: { id: { not: ctx.runId }, status: 'RUNNING', datasetId: ctx.datasetId, backbone: ctx.spec.backbone, seed: ctx.spec.seed },
    });
    return others === 0;
  };
}
