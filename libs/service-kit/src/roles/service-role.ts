import type { DynamicModule, Type } from '@nestjs/common';
import type { QueueName } from '@alkdrec/contracts';
import type { z } from 'zod';

/** One deployable role of the image: what it reads from the environment, consumes and runs. */
export interface ServiceRole {
  /** Variables the role adds to the base schema (validated before Nest starts). */
  envShape: z.ZodRawShape;
  /** Queues whose reachability the role's readiness depends on. */
  queues: readonly QueueName[];
  /** Queues whose job counts the role reports on /metrics (alkdrec_queue_jobs); default: `queues`. The api reports every queue. */
  reportedQueues?: readonly QueueName[];
  module: Type | DynamicModule;
}
