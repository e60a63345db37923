import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { QueueName } from '@alkdrec/contracts';
import type { Queue } from 'bullmq';
import { SERVICE_CONFIG } from '../config/service-config.module';
import { withTimeout } from '../util/with-timeout';
import { QueueFactory } from './queue-factory';
import { jobOptionsFor, resolveQueueTuning } from './queue-tuning';

const READY_WAIT_MS = 2_000;

/**
 * One producer Queue per queue name for the whole service (producers and health checks share it),
 * with the tuning table's job options as defaults; all closed on shutdown.
 */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueRegistry.name);
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly factory: QueueFactory,
    @Inject(SERVICE_CONFIG) private readonly config: Readonly<Record<string, unknown>>,
  ) {}

  get(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      // The validated config carries any <PREFIX>_* overrides the service declared.
      queue = this.factory.queue(name, jobOptionsFor(resolveQueueTuning(name, { ...process.env, ...this.config })));
      this.queues.set(name, queue);
    }
    return queue;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [...this.queues.entries()].map(async ([name, queue]) => {
        // A queue closed while BullMQ still initialises its connection (right after start) leaves
        // that initialisation to fail unhandled; let it finish first, but never wait long for it.
        await withTimeout(queue.waitUntilReady(), READY_WAIT_MS, `queue ${name} ready`).catch(() => undefined);
        try {
          await queue.close();
          this.logger.log({ msg: `queue ${name} closed`, queue: name });
        } catch (error) {
          // Redis is away (a producer fails fast): close() gives up, and its client would go on
          // reconnecting for ever and hold the process after SIGTERM. Drop the connection instead.
          await withTimeout(queue.disconnect(), 2_000, `disconnecting queue ${name}`).catch(() => undefined);
          this.logger.warn({ msg: `queue ${name} closed without Redis: ${(error as Error).message}`, queue: name });
        }
      }),
    );
    this.queues.clear();
  }
}
