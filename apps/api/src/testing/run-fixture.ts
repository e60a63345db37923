import { runIdOf, RunSpec, stagesOf, type RunSpecInput } from '@alkdrec/contracts';
import { RunRepository, type PrismaClient } from '@alkdrec/db';

export const TEST_METRICS = { recall5: 0.01, ndcg5: 0.005, recall10: 0.02, ndcg10: 0.008 };

/** A dataset row without items or sessions: enough for runs to be submitted and read. */
export async function createRunDataset(prisma: PrismaClient, name: string): Promise<number> {
  const { id } = await prisma.dataset.create({
    data: { name, itemCount: 10, rowCount: 0, droppedRows: 0, droppedItems: 0, trainCount: 0, validCount: 0, testCount: 0, source: {} },
    select: { id: true },
  });
  return id;
}

export function runIdOfInput(spec: RunSpecInput): string {
  return runIdOf(RunSpec.parse(spec));
}

/**
 * What a driver leaves when every stage of a run succeeded, with teacher, student and distilled
 * models that have test metrics (written here: a FAKE driver, no training).
 */
export async function fakeSucceededRun(prisma: PrismaClient, runId: string, datasetId: number): Promise<void> {
  const runs = new RunRepository(prisma);
  const run = await runs.get(runId);
  const spec = RunSpec.parse(run.spec);
  const models = { teacherModelId: `${runId}.T`, studentModelId: `${runId}.S`, distilledModelId: `${runId}.D` };
  for (const [id, role] of [[models.teacherModelId, 'teacher'], [models.studentModelId, 'student'], [models.distilledModelId, 'distilled']] as const) {
    await prisma.model.create({ data: { id, datasetId, backbone: spec.backbone, role, dim: 10, seed: spec.seed, config: {}, status: 'READY' } });
    await prisma.evaluation.create({ data: { modelId: id, split: 'TEST', sessionCount: 1, ...TEST_METRICS, ranks: [0], wallMs: 1 } });
  }
  for (const name of stagesOf(spec.strategy)) {
    await runs.startStage(runId, name);
    await runs.finishStage(runId, name, { wallMs: 5, detail: `${name} (fake)`, models });
  }
  await runs.finish(runId, 'SUCCEEDED');
}
