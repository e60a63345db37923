import { experimentCells, RunStrategy, type ExperimentGrid, type VariantModel } from '@alkdrec/contracts';
import type { PrismaClient } from '@alkdrec/db';
import { RIGHT_WITHIN, type CellData, type ReportInput, type RunData, type RunStatusName, type SelectionPick } from '@alkdrec/report';
import { loadTestEvaluations } from './load-evaluations';
import { loadReferenceUnion } from './load-reference-union';

const MODEL_COLUMN = { student: 'studentModelId', teacher: 'teacherModelId', distilled: 'distilledModelId' } as const satisfies Record<VariantModel, string>;

/**
 * Everything the report of `grid` needs, read from PostgreSQL (only reads): the grid's cells with
 * their runs' status and models' test evaluations, the strategy runs' selections (with whether the
 * LLM and the run's student got each drawn session right), their LLM usage, and the datasets' sizes.
 */
export async function loadReportInput(prisma: PrismaClient, grid: ExperimentGrid): Promise<ReportInput> {
  const cells = experimentCells(grid);
  const runRows = await prisma.run.findMany({
    where: { id: { in: [...new Set(cells.map((c) => c.runId))] } },
    select: { id: true, status: true, datasetId: true, backbone: true, strategy: true, seed: true, budget: true, teacherModelId: true, studentModelId: true, distilledModelId: true, poolSize: true, poolNote: true },
  });
  const runById = new Map(runRows.map((r) => [r.id, r]));
  const modelOf = (runId: string, model: VariantModel) => runById.get(runId)?.[MODEL_COLUMN[model]] ?? null;
  const modelIds = cells.map((c) => modelOf(c.runId, c.model)).filter((id): id is string => id !== null);
  const windowCells = cells.filter((c) => grid.windowExclusion.some((w) => w.dataset === c.dataset && w.backbone === c.backbone));
  const session = await loadTestEvaluations(prisma, modelIds, 'session');
  const window = await loadTestEvaluations(prisma, windowCells.map((c) => modelOf(c.runId, c.model)).filter((id): id is string => id !== null), 'window');
  const cellData: CellData[] = cells.map((cell) => {
    const model = modelOf(cell.runId, cell.model);
    return {
      cell,
      runStatus: (runById.get(cell.runId)?.status ?? null) as RunStatusName | null,
      evaluation: model ? (session.get(model) ?? null) : null,
      windowEvaluation: model ? (window.get(model) ?? null) : null,
    };
  });

  const datasets = await prisma.dataset.findMany({ where: { name: { in: grid.datasets } }, select: { id: true, name: true, trainCount: true, testCount: true } });
  const datasetName = new Map(datasets.map((d) => [d.id, d.name]));
  const strategyRunIds = new Set(cells.filter((c) => c.model === 'distilled').map((c) => c.runId));
  const runs: RunData[] = [];
  for (const run of runRows.filter((r) => strategyRunIds.has(r.id))) {
    runs.push({
      runId: run.id,
      dataset: datasetName.get(run.datasetId) ?? String(run.datasetId),
      backbone: run.backbone as RunData['backbone'],
      strategy: RunStrategy.parse(run.strategy),
      seed: run.seed,
      budget: run.budget,
      status: run.status as RunStatusName,
      poolSize: run.poolSize,
      poolNote: run.poolNote,
      selections: await loadSelections(prisma, run.id, run.datasetId, run.studentModelId),
      llm: { calls: 0, tokens: [] },
    });
  }
  const usage = await prisma.llmRunCall.findMany({ where: { runId: { in: runs.map((r) => r.runId) } }, select: { runId: true, call: { select: { model: true, inputTokens: true, outputTokens: true } } } });
  for (const run of runs) {
    run.llm = { calls: run.strategy === 'tr' ? 0 : run.selections.length, tokens: usage.filter((u) => u.runId === run.runId).map((u) => u.call) };
  }
  const datasetData = [];
  for (const { name, trainCount, testCount } of datasets) datasetData.push({ name, trainCount, testCount, referenceUnion: await loadReferenceUnion(prisma, name) });
  return { grid, cells: cellData, runs, datasets: datasetData };
}

/** A run's drawn sessions: right = the true next item within the top 25 (LLM ranking; the student's stored full-catalogue rank). */
async function loadSelections(prisma: PrismaClient, runId: string, datasetId: number, studentModelId: string | null): Promise<SelectionPick[]> {
  const picks = await prisma.runSelection.findMany({ where: { runId }, orderBy: { order: 'asc' }, select: { row: true, rank: true, probability: true, llmStatus: true, ranking: true } });
  if (picks.length === 0) return [];
  const rows = picks.map((p) => p.row);
  const sessions = await prisma.session.findMany({ where: { datasetId, row: { in: rows } }, select: { row: true, next: true } });
  const next = new Map(sessions.map((s) => [s.row, s.next]));
  const student = studentModelId
    ? await prisma.prediction.findMany({ where: { modelId: studentModelId, row: { in: rows } }, select: { row: true, trueRank: true } })
    : [];
  const studentRank = new Map(student.map((p) => [p.row, p.trueRank]));
  return picks.map((p) => {
    const answered = p.llmStatus === 'ranked' && p.ranking.length > 0;
    const truth = next.get(p.row);
    const llmRight = answered && truth !== undefined ? p.ranking.slice(0, RIGHT_WITHIN).includes(truth) : null;
    const rank = studentRank.get(p.row);
    return { rank: p.rank, probability: p.probability, answered, llmRight, studentRight: rank === undefined ? null : rank < RIGHT_WITHIN };
  });
}
