import { QueueName } from '@alkdrec/contracts';
import type { ServiceRole } from '@alkdrec/service-kit';
import { llmWorkerEnvShape } from '../config/llm-worker-env.schema';
import { LlmWorkerModule } from '../llm-worker.module';

/**
 * The roles this entry runs (ALKDREC_ROLES, as in the trainer's entry). Its own app rather than a
 * role in apps/trainer: an app may not import another, and the llm-worker is the only holder of
 * the API key, deployed and scaled on its own (k8s/README.md).
 */
export const SERVICE_ROLES = {
  'llm-worker': { envShape: llmWorkerEnvShape, queues: [QueueName.LlmRanking, QueueName.LlmHints], module: LlmWorkerModule },
} as const satisfies Record<string, ServiceRole>;

export type RoleName = keyof typeof SERVICE_ROLES;
export const ROLE_NAMES = Object.keys(SERVICE_ROLES) as RoleName[];
