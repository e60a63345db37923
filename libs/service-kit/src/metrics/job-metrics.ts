import type { Job } from 'bullmq';
import { processMetrics, type ServiceMetrics } from './service-metrics';

/** Error class names are bounded by the code; anything else (an odd `name`) is one bucket. */
const CLASS_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** The worker host's job metrics: completed and failed attempts and their durations, by queue and job name. */
export class JobMetrics {
  private readonly completedTotal;
  private readonly failedTotal;
  private readonly duration;

  constructor(metrics: ServiceMetrics = processMetrics()) {
    this.completedTotal = metrics.counter('jobsCompleted');
    this.failedTotal = metrics.counter('jobsFailed');
    this.duration = metrics.histogram('jobDuration');
  }

  completed(queue: string, job: Job): void {
    this.completedTotal.inc({ queue, name: job.name });
    this.observeDuration(queue, job, 'completed');
  }

  /** `final`: no retry follows (attempts spent, or an unrecoverable error). */
  failed(queue: string, job: Job | undefined, error: Error, final: boolean): void {
    const name = job?.name ?? 'unknown';
    this.failedTotal.inc({ queue, name, reason: reasonOf(error), final: String(final) });
    if (job) this.observeDuration(queue, job, 'failed');
  }

  private observeDuration(queue: string, job: Job, outcome: 'completed' | 'failed'): void {
    // BullMQ sets finishedOn only when a job leaves for good; a failed attempt that will be retried ends now.
    const end = job.finishedOn ?? Date.now();
    if (!job.processedOn || end < job.processedOn) return;
    this.duration.observe({ queue, name: job.name, outcome }, (end - job.processedOn) / 1000);
  }
}

/** The error's class name (bounded label values), never its message. */
export function reasonOf(error: Error): string {
  return CLASS_NAME.test(error.name) ? error.name : 'Error';
}
