import { QueueName } from '@alkdrec/contracts';
import type { ServiceRole } from '@alkdrec/service-kit';
import { ApiModule } from '../api.module';
import { apiEnvShape } from '../config/api-env.schema';

/**
 * The roles this entry runs (ALKDREC_ROLES): the api consumes no queue, so its readiness is
 * PostgreSQL and Redis answering (it produces to queues, and its dashboard reads them all). It
 * reports every queue's depth on /metrics: one scrape target for the backlog autoscalers read.
 */
export const SERVICE_ROLES = {
  api: { envShape: apiEnvShape, queues: [], reportedQueues: Object.values(QueueName), module: ApiModule.forRoutes() },
} as const satisfies Record<string, ServiceRole>;

export type RoleName = keyof typeof SERVICE_ROLES;
export const ROLE_NAMES = Object.keys(SERVICE_ROLES) as RoleName[];
