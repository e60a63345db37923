import type { Queue } from 'bullmq';
import { withTimeout } from '../util/with-timeout';
import { QUEUE_JOB_STATES, type QueueJobState } from './metric-catalogue';
import type { ServiceMetrics } from './service-metrics';

export interface QueueDepthOptions {
  /** Counts younger than this are served from memory: frequent scrapes do not hammer Redis. */
  cacheMs: number;
  /** A queue whose counts take longer is left out of the scrape (Redis hung). */
  timeoutMs: number;
}

type Counts = Record<QueueJobState, number>;
interface Cached {
  at: number;
  counts: Promise<Counts>;
}

/**
 * alkdrec_queue_jobs{queue, state} for the given queues, read with BullMQ's getJobCounts when
 * Prometheus scrapes (one Redis round trip per queue, shared by scrapes within `cacheMs`). A queue
 * whose counts cannot be read (Redis away or hung) has its samples removed — absent, not stale —
 * and the collector throws so ServiceMetrics logs and counts the failure; the other queues and
 * metrics still render.
 */
export class QueueDepthCollector {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly queues: readonly Queue[],
    private readonly options: QueueDepthOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts reporting; returns a function that stops and removes these queues' samples (call it before the queues close). */
  register(id = 'queue-depth'): () => void {
    const stop = this.metrics.collect('queueJobs', id, () => this.collect());
    return () => {
      stop();
      const gauge = this.metrics.gauge('queueJobs');
      for (const queue of this.queues) for (const state of QUEUE_JOB_STATES) gauge.remove({ queue: queue.name, state });
    };
  }

  async collect(): Promise<void> {
    const gauge = this.metrics.gauge('queueJobs');
    const failures: string[] = [];
    await Promise.all(
      this.queues.map(async (queue) => {
        try {
          const counts = await this.countsOf(queue);
          for (const state of QUEUE_JOB_STATES) gauge.set({ queue: queue.name, state }, counts[state]);
        } catch (error) {
          for (const state of QUEUE_JOB_STATES) gauge.remove({ queue: queue.name, state });
          failures.push(`${queue.name}: ${(error as Error).message}`);
        }
      }),
    );
    if (failures.length > 0) throw new Error(`job counts unreadable (${failures.join('; ')})`);
  }

  private countsOf(queue: Queue): Promise<Counts> {
    const cached = this.cache.get(queue.name);
    if (cached && this.now() - cached.at < this.options.cacheMs) return cached.counts;
    const counts = withTimeout(queue.getJobCounts(...QUEUE_JOB_STATES), this.options.timeoutMs, `job counts of ${queue.name}`).then(
      (read) => Object.fromEntries(QUEUE_JOB_STATES.map((state) => [state, read[state] ?? 0])) as Counts,
    );
    // Concurrent scrapes share one read; a failed read is not cached (the next scrape tries again).
    this.cache.set(queue.name, { at: this.now(), counts });
    counts.catch(() => this.cache.delete(queue.name));
    return counts;
  }
}
