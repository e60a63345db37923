import type { Queue } from 'bullmq';
import { withTimeout } from '../util/with-timeout';
import { QUEUE_BACKLOG_STATES, QUEUE_JOB_STATES, type QueueJobState } from './metric-catalogue';
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

/** A queue's backlog: its jobs not yet started (QUEUE_BACKLOG_STATES). */
export function backlogOf(counts: Readonly<Record<QueueJobState, number>>): number {
  return QUEUE_BACKLOG_STATES.reduce((sum, state) => sum + counts[state], 0);
}

/**
 * alkdrec_queue_jobs{queue, state} and alkdrec_queue_backlog{queue} for the given queues, read with
 * BullMQ's getJobCounts when Prometheus scrapes (one Redis round trip per queue, shared by scrapes
 * within `cacheMs`, and by both gauges of one scrape, so the backlog always equals the sum of the
 * states shown beside it). A queue whose counts cannot be read (Redis away or hung) has its samples
 * removed — absent, not stale — and the job-count collector throws so ServiceMetrics logs and
 * counts the failure once; the other queues and metrics still render.
 */
export class QueueDepthCollector {
  private readonly cache = new Map<string, Cached>();
  /** The read of the scrape in progress: both gauges' collectors of one scrape share it. */
  private reading: Promise<Map<string, Counts | Error>> | undefined;

  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly queues: readonly Queue[],
    private readonly options: QueueDepthOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts reporting; returns a function that stops and removes these queues' samples (call it before the queues close). */
  register(id = 'queue-depth'): () => void {
    const stopJobs = this.metrics.collect('queueJobs', id, () => this.collect());
    const stopBacklog = this.metrics.collect('queueBacklog', id, () => this.collectBacklog());
    return () => {
      stopJobs();
      stopBacklog();
      const jobs = this.metrics.gauge('queueJobs');
      const backlog = this.metrics.gauge('queueBacklog');
      for (const queue of this.queues) {
        for (const state of QUEUE_JOB_STATES) jobs.remove({ queue: queue.name, state });
        backlog.remove({ queue: queue.name });
      }
    };
  }

  /** Fills alkdrec_queue_jobs; throws naming the queues it could not read (logged and counted once). */
  async collect(): Promise<void> {
    const gauge = this.metrics.gauge('queueJobs');
    const failures: string[] = [];
    for (const [name, counts] of await this.read()) {
      if (counts instanceof Error) {
        for (const state of QUEUE_JOB_STATES) gauge.remove({ queue: name, state });
        failures.push(`${name}: ${counts.message}`);
      } else {
        for (const state of QUEUE_JOB_STATES) gauge.set({ queue: name, state }, counts[state]);
      }
    }
    if (failures.length > 0) throw new Error(`job counts unreadable (${failures.join('; ')})`);
  }

  /**
   * Fills alkdrec_queue_backlog from the same read. A queue it cannot read is left out silently:
   * the job-count collector already reports that failure (one warning, one error count).
   */
  async collectBacklog(): Promise<void> {
    const gauge = this.metrics.gauge('queueBacklog');
    for (const [name, counts] of await this.read()) {
      if (counts instanceof Error) gauge.remove({ queue: name });
      else gauge.set({ queue: name }, backlogOf(counts));
    }
  }

  /** Every queue's counts, or the error reading it; concurrent callers (one scrape's two gauges) share one read. */
  private read(): Promise<Map<string, Counts | Error>> {
    this.reading ??= Promise.all(
      this.queues.map(async (queue): Promise<[string, Counts | Error]> => {
        try {
          return [queue.name, await this.countsOf(queue)];
        } catch (error) {
          return [queue.name, error as Error];
        }
      }),
    )
      .then((entries) => new Map(entries))
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
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
