import { type DynamicModule, Module } from '@nestjs/common';
import { BullmqModule } from '../bullmq';
import { type BaseConfig, ServiceConfigModule } from '../config';
import { HealthModule } from '../health';
import { MetricsModule } from '../metrics/metrics.module';
import type { ServiceRole } from './service-role';

/**
 * The root module of every service entry: validated config, BullMQ, health and metrics (job
 * counts) over the queues the chosen roles consume, and each role's own module.
 */
@Module({})
export class ServiceAppModule {
  static forRoles(roles: readonly ServiceRole[], config: Readonly<BaseConfig>): DynamicModule {
    const queues = [...new Set(roles.flatMap((role) => role.queues))];
    return {
      module: ServiceAppModule,
      imports: [
        ServiceConfigModule.forRoot(config),
        BullmqModule,
        HealthModule.forRoot({ queues }),
        MetricsModule.forRoot({ queues: [...new Set(roles.flatMap((role) => role.reportedQueues ?? role.queues))] }),
        ...roles.map((role) => role.module),
      ],
    };
  }
}
