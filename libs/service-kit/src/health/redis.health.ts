import { once } from 'node:events';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { QueueFactory } from '../bullmq/queue-factory';
import { withTimeout } from '../util/with-timeout';
import { HEALTH_OPTIONS, type HealthOptions } from './health.options';

/** PING on a fail-fast client: while Redis is away the probe answers "down" at once. */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private readonly client: Redis;

  constructor(
    private readonly indicators: HealthIndicatorService,
    factory: QueueFactory,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {
    this.client = factory.redis('producer', 'health redis');
  }

  async check(key: string) {
    const indicator = this.indicators.check(key);
    try {
      // The fail-fast client refuses commands until connected; right after startup, wait for it
      // (an 'error' event, e.g. ECONNREFUSED, rejects at once and becomes the reason).
      if (this.client.status !== 'ready') await once(this.client, 'ready', { signal: AbortSignal.timeout(this.options.checkTimeoutMs) });
      const reply = await withTimeout(this.client.ping(), this.options.checkTimeoutMs, 'redis ping');
      return indicator.up({ reply });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.client.disconnect();
  }
}
