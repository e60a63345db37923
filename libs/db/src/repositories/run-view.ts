import {
  runCursorOf,
  runCursorPosition,
  RunProgress,
  RunSpec,
  stagesOf,
  type EvalExclusion,
  type ModelReport,
  type RunListItem,
  type RunListPage,
  type RunListQuery,
  type RunProgressView,
  type RunStageView,
  type RunView,
} from '@alkdrec/contracts';
import type { Prisma, PrismaClient, Run, RunStage } from '../prisma-client';
import { runLlmReport } from './run-llm-report';
import { LlmRequestRepository } from './llm-request.repository';

/**
 * The run read model: what GET /runs/:id and the run list show, from PostgreSQL alone — the run,
 * its stages (every stage of its strategy, PENDING until started), the driver's latest stored
 * progress, the test metrics of its three models, the LLM figures from its request ledger, and
 * the selection's summary. Nothing here writes.
 */
export async function readRunView(prisma: PrismaClient, runId: string): Promise<RunView | undefined> {
  const run = await prisma.run.findUnique({ where: { id: runId }, include: { stages: true, dataset: { select: { name: true } } } });
  if (!run) return undefined;
  const spec = specOf(run, run.dataset.name);
  const [models, llm, difficulty] = await Promise.all([
    testMetrics(prisma, [run.studentModelId, run.teacherModelId, run.distilledModelId]),
    runLlmReport(prisma, runId),
    prisma.runSelection.aggregate({ where: { runId }, _min: { difficulty: true }, _max: { difficulty: true } }),
  ]);
  const { _min: min, _max: max } = difficulty;
  return {
    ...headerOf(run, spec),
    stages: stageViews(spec, run.stages, run.status),
    progress: progressOf(run),
    metrics: { exclusion: RUN_METRICS_EXCLUSION, student: models(run.studentModelId), teacher: models(run.teacherModelId), distilled: models(run.distilledModelId) },
    llm,
    selection: {
      selected: llm.selected,
      byLlmStatus: llm.outcomes,
      poolSize: run.poolSize,
      poolNote: run.poolNote,
      difficulty: min.difficulty === null || max.difficulty === null ? null : { min: min.difficulty, max: max.difficulty },
    },
  };
}

/** What a watcher of a run looks at every few seconds: cheap (no ledger, no metrics). */
export interface RunPulse {
  state: RunView['state'];
  error: string | null;
  /** The stage running now, or where the run stopped (cancelled, failed); null otherwise. */
  stage: RunStageView['name'] | null;
  progress: RunProgressView | null;
}

export async function readRunPulse(prisma: PrismaClient, runId: string): Promise<RunPulse | undefined> {
  const run = await prisma.run.findUnique({ where: { id: runId }, include: { stages: true, dataset: { select: { name: true } } } });
  if (!run) return undefined;
  const stages = stageViews(specOf(run, run.dataset.name), run.stages, run.status);
  const stage = stages.find((s) => s.state === 'RUNNING' || s.state === 'CANCELLED' || s.state === 'FAILED')?.name ?? null;
  return { state: run.status, error: run.error, stage, progress: progressOf(run) };
}

/** A page of the run list, newest first (createdAt, then id, descending). */
export async function listRuns(prisma: PrismaClient, query: RunListQuery): Promise<RunListPage> {
  const where: Prisma.RunWhereInput = {
    ...(query.dataset === undefined ? {} : { dataset: { name: query.dataset } }),
    ...(query.strategy === undefined ? {} : { strategy: query.strategy }),
    ...(query.state === undefined ? {} : { status: query.state }),
  };
  const after = query.cursor === undefined ? undefined : runCursorPosition(query.cursor);
  const page: Prisma.RunWhereInput = after
    ? { AND: [where, { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }] }
    : where;
  const [total, rows] = await Promise.all([
    prisma.run.count({ where }),
    prisma.run.findMany({
      where: page,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: query.offset ?? 0,
      // One more than asked: whether there is a next page.
      take: query.limit + 1,
      include: { stages: true, dataset: { select: { name: true } } },
    }),
  ]);
  const shown = rows.slice(0, query.limit);
  const [models, ledgers] = await Promise.all([
    testMetrics(prisma, shown.flatMap((run) => [run.studentModelId, run.teacherModelId, run.distilledModelId])),
    new LlmRequestRepository(prisma).ledgerTotals(shown.map((run) => run.id)),
  ]);
  const last = shown[shown.length - 1];
  return {
    runs: shown.map((run) => ({
      ...listItem(run, run.dataset.name, models(run.distilledModelId)),
      student: models(run.studentModelId),
      teacher: models(run.teacherModelId),
      llm: ledgers.get(run.id) ?? { requests: 0, costUsd: 0 },
    })),
    total,
    next: rows.length > query.limit && last ? runCursorOf(last) : null,
  };
}

function listItem(run: Run & { stages: RunStage[] }, dataset: string, distilled: ModelReport | null): Omit<RunListItem, 'student' | 'teacher' | 'llm'> {
  const spec = specOf(run, dataset);
  const latest = [...run.stages].filter((s) => s.startedAt !== null).sort((a, b) => (b.startedAt as Date).getTime() - (a.startedAt as Date).getTime())[0];
  return {
    ...headerOf(run, spec),
    stage: (latest?.name as RunListItem['stage'] | undefined) ?? null,
    stagesSucceeded: run.stages.filter((s) => s.status === 'SUCCEEDED').length,
    stageCount: stagesOf(spec.strategy).length,
    progress: progressOf(run),
    distilled,
  };
}

/**
 * Every stage of the strategy in order. A stage still RUNNING in a CANCELLED run is shown CANCELLED:
 * its driver is stopping (within about a second), or there is none to mark it (Redis lost the job).
 */
function stageViews(spec: RunSpec, stored: readonly RunStage[], runStatus: Run['status']): RunStageView[] {
  return stagesOf(spec.strategy).map((name) => {
    const stage = stored.find((s) => s.name === name);
    if (!stage) return { name, state: 'PENDING', attempts: 0, startedAt: null, finishedAt: null, wallMs: null, detail: null, error: null };
    return {
      name,
      state: runStatus === 'CANCELLED' && stage.status === 'RUNNING' ? 'CANCELLED' : stage.status,
      attempts: stage.attempts,
      startedAt: iso(stage.startedAt),
      finishedAt: iso(stage.finishedAt),
      wallMs: stage.status === 'SUCCEEDED' ? stage.wallMs : null,
      detail: stage.detail,
      error: stage.error,
    };
  });
}

/**
 * The stored spec, with defaults filled. A row written before a contract change that no longer
 * parses is described from its columns instead, so one old row cannot break the list.
 */
function specOf(run: Run, dataset: string): RunSpec {
  const stored = RunSpec.safeParse(run.spec);
  if (stored.success) return stored.data;
  return RunSpec.parse({ dataset, backbone: run.backbone, strategy: run.strategy, provider: run.provider, budget: run.budget, seed: run.seed });
}

/** The stored progress, if the driver has reported one that still matches the contract. */
function progressOf(run: Run): RunProgressView | null {
  if (run.progress === null || run.progressAt === null) return null;
  const progress = RunProgress.safeParse(run.progress);
  return progress.success ? { ...progress.data, at: run.progressAt.toISOString() } : null;
}

/** A run's models are tested by their training under this rule (the trainer's fit-and-record). */
const RUN_METRICS_EXCLUSION: EvalExclusion = 'session';

/** The test metrics of these models, looked up at once; null for a model without (yet). */
async function testMetrics(prisma: PrismaClient, ids: readonly (string | null)[]): Promise<(id: string | null) => ModelReport | null> {
  const wanted = ids.filter((id): id is string => id !== null);
  const found = wanted.length === 0 ? [] : await prisma.evaluation.findMany({ where: { modelId: { in: wanted }, split: 'TEST', exclusion: RUN_METRICS_EXCLUSION } });
  const byModel = new Map(found.map((e) => [e.modelId, { recall5: e.recall5, ndcg5: e.ndcg5, recall10: e.recall10, ndcg10: e.ndcg10 }]));
  return (id) => {
    const test = id === null ? undefined : byModel.get(id);
    return id === null || test === undefined ? null : { modelId: id, test };
  };
}

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

/** The fields a run's view and its list line share. */
function headerOf(run: Run, spec: RunSpec): Pick<RunView, 'id' | 'spec' | 'state' | 'error' | 'createdAt' | 'finishedAt'> {
  return { id: run.id, spec, state: run.status, error: run.error, createdAt: run.createdAt.toISOString(), finishedAt: iso(run.finishedAt) };
}
