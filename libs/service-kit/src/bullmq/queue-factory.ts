import { FlowProducer, Queue, QueueEvents, Worker, type DefaultJobOptions, type Processor, type WorkerOptions } from 'bullmq';
import Redis from 'ioredis';
import { logConnectionErrors, type ErrorLogger } from './connection-error-logger';
import { redisOptions, type RedisUse } from './redis-connection';

export interface BullmqSettings {
  redisUrl: string;
  /** Key prefix of every queue (BULLMQ_PREFIX); tests isolate themselves with a unique one. */
  prefix: string;
}

/**
 * The one place that builds BullMQ objects and Redis clients: right connection options for the
 * use, the configured prefix, and an `error` listener on each. Used by services and the CLI alike.
 * Callers own what they create and close it.
 */
export class QueueFactory {
  constructor(
    readonly settings: BullmqSettings,
    private readonly logger: ErrorLogger,
  ) {}

  queue(name: string, defaultJobOptions?: DefaultJobOptions): Queue {
    const queue = new Queue(name, {
      connection: redisOptions(this.settings.redisUrl, 'producer'),
      prefix: this.settings.prefix,
      defaultJobOptions,
    });
    logConnectionErrors(queue, this.logger, `queue ${name}`);
    return queue;
  }

  queueEvents(name: string): QueueEvents {
    const events = new QueueEvents(name, {
      connection: redisOptions(this.settings.redisUrl, 'blocking'),
      prefix: this.settings.prefix,
    });
    logConnectionErrors(events, this.logger, `queue events ${name}`);
    return events;
  }

  /** Adds a parent job and its children atomically (a fan-out whose parent runs when all are done). */
  flowProducer(): FlowProducer {
    const flows = new FlowProducer({ connection: redisOptions(this.settings.redisUrl, 'producer'), prefix: this.settings.prefix });
    logConnectionErrors(flows, this.logger, 'flow producer');
    return flows;
  }

  /** `processor` is a function, or the path of a file for a sandboxed processor. */
  worker(name: string, processor: string | Processor, options: Omit<WorkerOptions, 'connection' | 'prefix'>): Worker {
    const worker = new Worker(name, processor, {
      ...options,
      connection: redisOptions(this.settings.redisUrl, 'blocking'),
      prefix: this.settings.prefix,
    });
    logConnectionErrors(worker, this.logger, `worker ${name}`);
    return worker;
  }

  redis(use: RedisUse, what: string): Redis {
    const { url, ...options } = redisOptions(this.settings.redisUrl, use);
    const client = new Redis(url as string, options);
    logConnectionErrors(client, this.logger, what);
    return client;
  }
}
