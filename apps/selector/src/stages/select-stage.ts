import { selectionPool } from '@alkdrec/llm-providers';
import { selectSessions } from '@alkdrec/selection';
import { required, type Stage } from './stage-context';

/**
 * Module 3 (REFERENCE §5): rank the pool hardest first and draw the budget with the run's strategy
 * and seed. The draw (rank, p*, difficulty of each session) is stored with the stage's success in
 * one transaction: a resumed run reads it back and never draws again.
 */
export const selectStage: Stage = async (ctx) => {
  const { spec, deps } = ctx;
  if (spec.strategy === 'tr') throw new Error('the tr strategy selects nothing: its run has no select stage');
  const started = performance.now();
  const teacherModelId = required((await ctx.run()).teacherModelId, 'teacher', ctx.runId);
  const pool = await selectionPool(deps.prisma, { dataset: spec.dataset, provider: spec.provider, teacherModelId });
  if (spec.budget > pool.sessions.length) {
    throw new RangeError(`budget ${spec.budget} exceeds the pool of ${pool.sessions.length} sessions (${pool.note})`);
  }
  const { selected } = selectSessions({ strategy: spec.strategy, pool: pool.sessions, budget: spec.budget, seed: spec.seed });
  await deps.runs.saveSelection(ctx.runId, {
    sessions: selected,
    poolSize: pool.sessions.length,
    poolNote: pool.note,
    wallMs: performance.now() - started,
    detail: `${selected.length} of ${pool.sessions.length} sessions drawn (${spec.strategy}, seed ${spec.seed})`,
  });
  return { recorded: true };
};
