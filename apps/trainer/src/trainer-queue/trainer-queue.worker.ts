import { join } from 'node:path';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { QueueName } from '@alkdrec/contracts';
import { resolveQueueTuning, SERVICE_CONFIG, WorkerHost } from '@alkdrec/service-kit';
import type { Job } from 'bullmq';
import type { TrainerConfig } from '../config/trainer-env.schema';
import { TrainingMetrics } from '../metrics/training-metrics';
import { sandboxEnv } from './sandbox-env';

/** The compiled sandbox next to this file (dist/trainer-queue/trainer.sandbox.js). */
export const TRAINER_SANDBOX_FILE = join(__dirname, 'trainer.sandbox.js');

/** Consumes the trainer queue: one sandboxed processor in a worker thread, tuned by the table. */
@Injectable()
export class TrainerQueueWorker implements OnApplicationBootstrap {
  private readonly metrics = new TrainingMetrics();

  constructor(
    private readonly host: WorkerHost,
    @Inject(SERVICE_CONFIG) private readonly config: TrainerConfig,
  ) {}

  onApplicationBootstrap(): void {
    const worker = this.host.startSandboxed(
      QueueName.Trainer,
      TRAINER_SANDBOX_FILE,
      resolveQueueTuning(QueueName.Trainer, this.config),
      sandboxEnv(this.config),
    );
    // The sandbox's progress reaches this thread as the worker's events: /metrics is served here.
    worker.on('progress', (job: Job, progress: unknown) => this.metrics.progress(job.id ?? job.name, progress));
    worker.on('completed', (job: Job) => this.metrics.forget(job.id ?? job.name));
    worker.on('failed', (job: Job | undefined) => job && this.metrics.forget(job.id ?? job.name));
  }
}
