import { QueueName } from '@alkdrec/contracts';
import { trainerEnvShape } from '../config/trainer-env.schema';
import { TrainerQueueModule } from '../trainer-queue/trainer-queue.module';
import type { ServiceRole } from '@alkdrec/service-kit';

/**
 * Every role compiled into this entry. ALKDREC_ROLES picks some (default: all); later roles
 * (llm-worker, selector, api) are added here, so one image runs any of them.
 */
export const SERVICE_ROLES = {
  trainer: { envShape: trainerEnvShape, queues: [QueueName.Trainer], module: TrainerQueueModule },
} as const satisfies Record<string, ServiceRole>;

export type RoleName = keyof typeof SERVICE_ROLES;
export const ROLE_NAMES = Object.keys(SERVICE_ROLES) as RoleName[];
