import type { ServiceRole } from '@alkdrec/service-kit';
import { ApiModule } from '../api.module';
import { apiEnvShape } from '../config/api-env.schema';

/**
 * The roles this entry runs (ALKDREC_ROLES): the api consumes no queue, so its readiness is
 * PostgreSQL and Redis answering (it produces to queues, and its dashboard reads them all).
 */
export const SERVICE_ROLES = {
  api: { envShape: apiEnvShape, queues: [], module: ApiModule.forRoutes() },
} as const satisfies Record<string, ServiceRole>;

export type RoleName = keyof typeof SERVICE_ROLES;
export const ROLE_NAMES = Object.keys(SERVICE_ROLES) as RoleName[];
