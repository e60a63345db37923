import { Global, Logger, Module } from '@nestjs/common';
import type { BaseConfig } from '../config/base-env.schema';
import { SERVICE_CONFIG } from '../config/service-config.module';
import { QueueFactory } from './queue-factory';
import { QueueRegistry } from './queue-registry.service';
import { WORKER_HOST_OPTIONS, WorkerHost, type WorkerHostOptions } from './worker-host.service';

/** BullMQ for a service: the factory (REDIS_URL, BULLMQ_PREFIX), producer queues, worker host. */
@Global()
@Module({
  providers: [
    {
      provide: QueueFactory,
      inject: [SERVICE_CONFIG],
      useFactory: (config: BaseConfig) =>
        new QueueFactory({ redisUrl: config.REDIS_URL, prefix: config.BULLMQ_PREFIX }, new Logger('BullMQ')),
    },
    {
      provide: WORKER_HOST_OPTIONS,
      inject: [SERVICE_CONFIG],
      useFactory: (config: BaseConfig): WorkerHostOptions => ({ shutdownGraceMs: config.SHUTDOWN_GRACE_MS }),
    },
    QueueRegistry,
    WorkerHost,
  ],
  exports: [QueueFactory, QueueRegistry, WorkerHost],
})
export class BullmqModule {}
