import { LlmRankingJob, llmRankingJobId, QueueName, RankingCollectJob, rankingCollectJobId } from '@alkdrec/contracts';
import { jobIsLive, withdrawUnstartedRankings as withdrawUnstarted } from '@alkdrec/service-kit';
import type { Job } from 'bullmq';
import { isCancellation } from '../jobs/run-interrupted';
import { rankingPayloads } from './ranking-payloads';
import { required, type StageContext, type StageOutcome } from './stage-context';

const PROGRESS_POLL_MS = 1_000;
/** Fan-outs one attempt of the stage makes before giving up on sessions that stay unanswered. */
const MAX_FAN_OUTS = 3;

/**
 * Module 2 for the selected sessions the LLM has not answered yet: one ranking job per session for
 * the llm-worker, fanned out as a BullMQ flow whose parent (on the selector's collect queue) stores
 * every answer in the run's selection once all children are done.
 *
 * Never paying twice: a resumed stage asks only for sessions still without an answer; a child job
 * already queued or running keeps its deterministic id; and the llm-worker's response store answers
 * any prompt it has seen before for free. A failed child does not block the parent
 * (ignoreDependencyOnFailure): its session is recorded as `failed` and left out of distillation.
 */
export async function rankStage(ctx: StageContext): Promise<StageOutcome> {
  const { deps, runId } = ctx;
  const collectQueue = deps.queues.get(QueueName.RankingCollect);
  for (let fanOuts = 0; ; ) {
    const pending = await deps.runs.unanswered(runId);
    let parent = await liveJob(collectQueue.getJob(rankingCollectJobId(runId)), pending.length > 0);
    if (!parent && pending.length === 0) break;
    if (!parent) {
      // A collect job that ended with sessions still unanswered (their jobs were withdrawn by a
      // cancel the driver had not seen yet): ask for those, unless the run is cancelled now.
      if (fanOuts === MAX_FAN_OUTS) throw new Error(`${pending.length} selected sessions still have no LLM outcome after ${fanOuts} fan-outs`);
      await ctx.proceed();
      parent = await fanOut(ctx, pending.map((s) => s.row));
      fanOuts += 1;
    }
    await waitWithProgress(ctx, parent, pending.length);
  }
  const selection = await deps.runs.selection(runId);
  const counts = new Map<string, number>();
  for (const s of selection) counts.set(s.llmStatus as string, (counts.get(s.llmStatus as string) ?? 0) + 1);
  const outcomes = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
  return { detail: `${selection.length} sessions: ${outcomes}` };
}

/**
 * A collect job still waiting or running. A finished one (or one left in no list) is not waited
 * for; when sessions still need an answer it is removed (its children with it) so a new fan-out can
 * take its id, otherwise it is kept: a selector that died after the collect job stored everything
 * finds nothing to do.
 */
async function liveJob(lookup: Promise<Job | undefined>, fanOutNeeded: boolean): Promise<Job | undefined> {
  const job = await lookup;
  if (!job) return undefined;
  if (jobIsLive(await job.getState())) return job;
  if (fanOutNeeded) await job.remove();
  return undefined;
}

async function fanOut(ctx: StageContext, rows: number[]): Promise<Job> {
  const { deps, runId, spec } = ctx;
  const run = await ctx.run();
  const payloads = await rankingPayloads(deps.prisma, {
    runId,
    spec,
    datasetId: ctx.datasetId,
    teacherModelId: required(run.teacherModelId, 'teacher', runId),
    hints: Array.isArray(run.hints) ? (run.hints as string[]) : [],
    rows,
  });
  // Children left by a fan-out whose parent is gone: finished ones are removed so the new flow adds
  // (and links) them again — their answers are in the response store, so asking again costs nothing.
  const rankingQueue = deps.queues.get(QueueName.LlmRanking);
  for (const row of rows) {
    const child = await rankingQueue.getJob(llmRankingJobId(runId, row));
    if (child && !jobIsLive(await child.getState())) await child.remove();
  }
  const { ranking: rankingOptions, collect: collectOptions } = deps.flowJobOptions;
  const node = await deps.flows.add({
    name: RankingCollectJob.Collect,
    queueName: QueueName.RankingCollect,
    data: { runId },
    opts: { ...collectOptions, jobId: rankingCollectJobId(runId) },
    children: payloads.map((payload) => ({
      name: LlmRankingJob.Rank,
      queueName: QueueName.LlmRanking,
      data: payload,
      opts: { ...rankingOptions, jobId: llmRankingJobId(runId, payload.row), ignoreDependencyOnFailure: true },
    })),
  });
  ctx.progress(0, rows.length, `${rows.length} ranking jobs queued for the llm-worker`);
  return node.job;
}

/**
 * Waits for the collect job, showing how many children have finished. When the run is cancelled,
 * the children no llm-worker has taken are withdrawn (removed from the flow); those being answered
 * finish, and the collect job stores their answers as usual once they have.
 */
async function waitWithProgress(ctx: StageContext, parent: Job, total: number): Promise<void> {
  const timer = setInterval(() => {
    parent
      .getDependenciesCount()
      .then(({ processed = 0, ignored = 0, unprocessed = 0 }) => {
        const done = processed + ignored;
        ctx.progress(done, Math.max(total, done + unprocessed), `${done} answered`);
      })
      .catch(() => undefined);
  }, PROGRESS_POLL_MS);
  try {
    await ctx.deps.subJobs.waitFor(QueueName.RankingCollect, parent, ctx.signal);
  } catch (error) {
    if (isCancellation(error)) await withdrawUnstarted(parent);
    throw error;
  } finally {
    clearInterval(timer);
  }
}
