import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HEALTH_OPTIONS, type HealthOptions } from './health.options';
import { PostgresHealthIndicator } from './postgres.health';
import { QueuesHealthIndicator } from './queues.health';
import { RedisHealthIndicator } from './redis.health';

/** GET /health/live and /health/ready. Needs ServiceConfigModule and BullmqModule in the app. */
@Module({})
export class HealthModule {
  static forRoot(options: Partial<HealthOptions> & Pick<HealthOptions, 'queues'>): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
      controllers: [HealthController],
      providers: [
        { provide: HEALTH_OPTIONS, useValue: { checkTimeoutMs: 2_000, ...options } satisfies HealthOptions },
        PostgresHealthIndicator,
        RedisHealthIndicator,
        QueuesHealthIndicator,
      ],
    };
  }
}
