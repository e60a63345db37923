import { RunSpec, stagesOf, type Metrics, type RunResult } from '@alkdrec/contracts';
import type { PrismaClient } from '@alkdrec/db';
import { LlmRequestMeter, MeteredLlmRequestLedger } from '@alkdrec/service-kit';

/**
 * A finished run as the database has it: each stage's wall time and detail, the test metrics of the
 * student, the teacher and the distilled student, the selection's LLM outcomes, and the LLM
 * requests, answers, faults, lost answers and cost from the run's request ledger. `since`: when this attempt of the driver started (earlier
 * finishes count as resumed).
 */
export async function runSummary(prisma: PrismaClient, runId: string, wallMs: number, since = new Date(Date.now() - wallMs)): Promise<RunResult> {
  const run = await prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { stages: true } });
  const spec = RunSpec.parse(run.spec);
  const stages = stagesOf(spec.strategy).map((name) => {
    const stage = run.stages.find((s) => s.name === name);
    if (!stage || stage.status !== 'SUCCEEDED') throw new Error(`run ${runId}: stage ${name} has not succeeded`);
    return {
      name,
      wallMs: stage.wallMs ?? 0,
      attempts: stage.attempts,
      resumed: !!stage.finishedAt && stage.finishedAt < since,
      detail: stage.detail ?? '',
    };
  });
  const model = async (id: string | null, what: string) => {
    if (!id) throw new Error(`run ${runId} has no ${what} model`);
    const evaluation = await prisma.evaluation.findUnique({ where: { modelId_split: { modelId: id, split: 'TEST' } } });
    if (!evaluation) throw new Error(`model ${id} (${what} of run ${runId}) has no test evaluation`);
    const test: Metrics = { recall5: evaluation.recall5, ndcg5: evaluation.ndcg5, recall10: evaluation.recall10, ndcg10: evaluation.ndcg10 };
    return { modelId: id, test };
  };
  // Metered: a request this sweep finds lost is counted in alkdrec_llm_requests_lost_total here (once: the ledger moves each row once).
  const requests = new MeteredLlmRequestLedger(prisma, new LlmRequestMeter());
  // Requests of workers that died are lost, whether or not a live worker has swept them yet.
  await requests.markLost();
  const [student, teacher, distilled, outcomes, ledger, calls, cachedCalls] = await Promise.all([
    model(run.studentModelId, 'student'),
    model(run.teacherModelId, 'teacher'),
    model(run.distilledModelId, 'distilled'),
    prisma.runSelection.groupBy({ by: ['llmStatus'], where: { runId }, _count: { _all: true } }),
    requests.runLedger(runId),
    prisma.llmRunCall.count({ where: { runId } }),
    prisma.llmRunCall.count({ where: { runId, cached: true } }),
  ]);
  return {
    runId,
    spec,
    stages,
    student,
    teacher,
    distilled,
    pool: run.poolSize === null ? null : { size: run.poolSize, note: run.poolNote ?? '' },
    llm: {
      selected: outcomes.reduce((n, o) => n + o._count._all, 0),
      outcomes: Object.fromEntries(outcomes.map((o) => [o.llmStatus ?? 'unanswered', o._count._all])),
      calls,
      cachedCalls,
      requests: ledger.requests,
      answers: ledger.answers,
      lost: ledger.lost,
      openReservations: ledger.open,
      faults: ledger.faults,
      costUsd: ledger.answeredUsd + ledger.lostUsd,
      lostUsd: ledger.lostUsd,
    },
    wallMs: Math.round(wallMs),
  };
}
