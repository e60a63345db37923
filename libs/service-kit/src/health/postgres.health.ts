import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Pool } from 'pg';
import type { BaseConfig } from '../config/base-env.schema';
import { SERVICE_CONFIG } from '../config/service-config.module';
import { withTimeout } from '../util/with-timeout';
import { HEALTH_OPTIONS, type HealthOptions } from './health.options';

/** `select 1` over a one-connection pool of its own, so probes never queue behind real queries. */
@Injectable()
export class PostgresHealthIndicator implements OnApplicationShutdown {
  private readonly logger = new Logger(PostgresHealthIndicator.name);
  private readonly pool: Pool;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(SERVICE_CONFIG) config: BaseConfig,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {
    this.pool = new Pool({
      connectionString: config.DATABASE_URL,
      max: 1,
      connectionTimeoutMillis: options.checkTimeoutMs,
      idleTimeoutMillis: 30_000,
    });
    // An idle client losing its connection emits here; unhandled, it would crash the service.
    this.pool.on('error', (error) => this.logger.warn({ msg: `postgres health pool: ${error.message}` }));
  }

  async check(key: string) {
    const indicator = this.indicators.check(key);
    const started = Date.now();
    try {
      await withTimeout(this.pool.query('select 1'), this.options.checkTimeoutMs, 'postgres select 1');
      return indicator.up({ ms: Date.now() - started });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
