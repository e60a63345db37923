import { join } from 'node:path';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { QueueName } from '@alkdrec/contracts';
import { resolveQueueTuning, SERVICE_CONFIG, WorkerHost } from '@alkdrec/service-kit';
import type { TrainerConfig } from '../config/trainer-env.schema';
import { sandboxEnv } from './sandbox-env';

/** The compiled sandbox next to this file (dist/trainer-queue/trainer.sandbox.js). */
export const TRAINER_SANDBOX_FILE = join(__dirname, 'trainer.sandbox.js');

/** Consumes the trainer queue: one sandboxed processor in a worker thread, tuned by the table. */
@Injectable()
export class TrainerQueueWorker implements OnApplicationBootstrap {
  constructor(
    private readonly host: WorkerHost,
    @Inject(SERVICE_CONFIG) private readonly config: TrainerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.host.startSandboxed(
      QueueName.Trainer,
      TRAINER_SANDBOX_FILE,
      resolveQueueTuning(QueueName.Trainer, this.config),
      sandboxEnv(this.config),
    );
  }
}
