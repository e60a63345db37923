import { Inject, Injectable } from '@nestjs/common';
import type { QueueName } from '@alkdrec/contracts';
import { HealthIndicatorService } from '@nestjs/terminus';
import { QueueRegistry } from '../bullmq/queue-registry.service';
import { WorkerHost } from '../bullmq/worker-host.service';
import { withTimeout } from '../util/with-timeout';
import { HEALTH_OPTIONS, type HealthOptions } from './health.options';

@Injectable()
export class QueuesHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly queues: QueueRegistry,
    private readonly workers: WorkerHost,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  /** A queue is reachable when its job counts can be read; the counts are handy in the probe output. */
  async checkQueue(name: QueueName) {
    const indicator = this.indicators.check(`queue:${name}`);
    try {
      const counts = await withTimeout(
        this.queues.get(name).getJobCounts('waiting', 'active', 'delayed', 'failed'),
        this.options.checkTimeoutMs,
        `queue ${name}`,
      );
      return indicator.up(counts);
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  /** Down while draining for shutdown or when a hosted worker stopped running. */
  checkWorkers() {
    const indicator = this.indicators.check('workers');
    const { draining, workers } = this.workers.status();
    const stopped = workers.filter((w) => !w.running).map((w) => w.queue);
    if (draining) return indicator.down({ message: 'shutting down', workers });
    if (stopped.length > 0) return indicator.down({ message: `not running: ${stopped.join(', ')}`, workers });
    return indicator.up({ workers });
  }
}
