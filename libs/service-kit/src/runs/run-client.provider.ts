import type { FactoryProvider } from '@nestjs/common';
import { QueueName } from '@alkdrec/contracts';
import { QueueFactory } from '../bullmq/queue-factory';
import { QueueRegistry } from '../bullmq/queue-registry.service';
import { PrismaHolder } from '../database/prisma-holder';
import { RunClient } from './run-client';

/**
 * The RunClient of a Nest service (the api): its PostgreSQL client (PrismaHolder, provided beside
 * it), the service's producer queues (BullmqModule's QueueRegistry, with the RUNS_* job options of
 * its config) and an event stream of alkdrec.runs opened on first use and closed at shutdown.
 */
export const runClientProvider: FactoryProvider<RunClient> = {
  provide: RunClient,
  inject: [PrismaHolder, QueueRegistry, QueueFactory],
  useFactory: (prisma: PrismaHolder, queues: QueueRegistry, factory: QueueFactory) =>
    new RunClient({ prisma: prisma.client, queues, events: () => factory.queueEvents(QueueName.Runs) }),
};
