import { QueueName, TrainerJob, type DistillResult, type TrainerProgress, type TrainResult } from '@alkdrec/contracts';
import type { PrismaClient } from '@alkdrec/db';
import type { QueueFactory } from '@alkdrec/service-kit';
import type { Worker } from 'bullmq';
import { TEST_METRICS } from './run-fixture';

/**
 * A SIMULATED trainer for specs that drive a run with the real selector but no training: a BullMQ
 * worker on the trainer queue that answers train and distill jobs, reporting `steps` progress
 * updates `stepMs` apart, and writes the model rows (with test metrics) a trainer writes. It trains
 * nothing; the metrics are TEST_METRICS.
 */
export function startSimulatedTrainer(factory: QueueFactory, prisma: PrismaClient, datasetId: number, options: { steps?: number; stepMs?: number } = {}): Worker {
  const steps = options.steps ?? 3;
  const stepMs = options.stepMs ?? 50;
  return factory.worker(
    QueueName.Trainer,
    async (job) => {
      const distill = job.name === TrainerJob.Distill;
      const role = distill ? 'distilled' : (job.data as { role: string }).role;
      const modelId = `simulated-${role}`;
      for (let done = 1; done <= steps; done++) {
        await new Promise((resolve) => setTimeout(resolve, stepMs));
        await job.updateProgress({ phase: 'training', done, total: steps } satisfies TrainerProgress);
      }
      await prisma.model.upsert({ where: { id: modelId }, update: {}, create: { id: modelId, datasetId, backbone: 'fpmc', role, dim: 10, seed: 1, config: {}, status: 'READY' } });
      await prisma.evaluation.upsert({
        where: { modelId_split_exclusion: { modelId, split: 'TEST', exclusion: 'session' } },
        update: {},
        create: { modelId, split: 'TEST', sessionCount: 1, ...TEST_METRICS, ranks: [0], wallMs: 1 },
      });
      const trained: TrainResult = { modelId, steps, bestStep: steps, bestValidRecall: 0, wallMs: steps * stepMs, backend: 'simulated', reused: false, test: TEST_METRICS };
      return distill ? ({ ...trained, studentModelId: 'simulated-student', pairs: 0 } satisfies DistillResult) : trained;
    },
    { concurrency: 1 },
  );
}
