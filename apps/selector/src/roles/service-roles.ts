import { QueueName } from '@alkdrec/contracts';
import type { ServiceRole } from '@alkdrec/service-kit';
import { selectorEnvShape } from '../config/selector-env.schema';
import { SelectorModule } from '../selector.module';

/** The roles this entry runs (ALKDREC_ROLES): the selector consumes the run and collect queues. */
export const SERVICE_ROLES = {
  selector: { envShape: selectorEnvShape, queues: [QueueName.Runs, QueueName.RankingCollect], module: SelectorModule },
} as const satisfies Record<string, ServiceRole>;

export type RoleName = keyof typeof SERVICE_ROLES;
export const ROLE_NAMES = Object.keys(SERVICE_ROLES) as RoleName[];
