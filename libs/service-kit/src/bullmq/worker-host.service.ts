import { hostname } from 'node:os';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { type Job, type Processor, UnrecoverableError, type Worker } from 'bullmq';
import { JobMetrics } from '../metrics/job-metrics';
import { withTimeout } from '../util/with-timeout';
import { ActiveJobs } from './active-jobs';
import { QueueFactory } from './queue-factory';
import { type QueueTuning, workerOptionsFor } from './queue-tuning';

export const WORKER_HOST_OPTIONS = Symbol('WORKER_HOST_OPTIONS');
export interface WorkerHostOptions {
  /** How long shutdown waits for active jobs before terminating sandboxed processors. */
  shutdownGraceMs: number;
}

interface HostedWorker {
  queue: string;
  worker: Worker;
  active: ActiveJobs;
  onDrain?: () => void;
}

export interface InlineWorkerOptions {
  /**
   * Called when shutdown starts, before waiting for active jobs: a processor whose jobs wait on
   * other services (hours, possibly) uses it to hand its jobs back to the queue instead of holding
   * the shutdown for the whole grace period.
   */
  onDrain?: () => void;
}

export interface HostedWorkerStatus {
  queue: string;
  running: boolean;
  activeJobs: string[];
}

/**
 * Creates the service's BullMQ workers, logs what they do, and drains them on shutdown: stop taking
 * jobs, let active ones finish within the grace period, then terminate sandboxes that are still busy
 * (their jobs fail this attempt and are retried with backoff) and close the connections.
 *
 * Runs in `beforeApplicationShutdown`, so the HTTP server still answers health probes (liveness up,
 * readiness down) while jobs drain.
 */
@Injectable()
export class WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerHost.name);
  private readonly hosted: HostedWorker[] = [];
  private draining = false;
  private drainAll: Promise<void> | undefined;

  constructor(
    private readonly factory: QueueFactory,
    @Inject(WORKER_HOST_OPTIONS) private readonly options: WorkerHostOptions,
    /** alkdrec_jobs_* of the process's metrics unless given. */
    @Optional() private readonly jobMetrics: JobMetrics = new JobMetrics(),
  ) {}

  /**
   * Runs `processorFile` (a compiled .js file exporting a default async function of the job) in a
   * worker thread: CPU-heavy work there cannot block the event loop that renews the job's lock.
   */
  startSandboxed(queue: string, processorFile: string, tuning: QueueTuning, threadEnv?: NodeJS.ProcessEnv): Worker {
    return this.start(queue, processorFile, tuning, {
      useWorkerThreads: true,
      ...(threadEnv ? { workerThreadsOptions: { env: threadEnv } } : {}),
    });
  }

  /** An in-process processor; for I/O-bound work only. */
  startInline(queue: string, processor: Processor, tuning: QueueTuning, options: InlineWorkerOptions = {}): Worker {
    return this.start(queue, processor, tuning, {}, options.onDrain);
  }

  status(): { draining: boolean; workers: HostedWorkerStatus[] } {
    return {
      draining: this.draining,
      workers: this.hosted.map(({ queue, worker, active }) => ({ queue, running: worker.isRunning(), activeJobs: active.list() })),
    };
  }

  beforeApplicationShutdown(signal?: string): Promise<void> {
    return this.drained(signal);
  }

  /**
   * Drains every worker (once, however often it is asked) and resolves when they are closed: for
   * shutdown hooks of other providers that must run after the last job (e.g. releasing what the
   * process still holds) but before the database connection closes.
   */
  drained(signal?: string): Promise<void> {
    this.draining = true;
    this.drainAll ??= Promise.all(this.hosted.map((hosted) => this.drain(hosted, signal))).then(() => undefined);
    return this.drainAll;
  }

  private start(
    queue: string,
    processor: string | Processor,
    tuning: QueueTuning,
    sandbox: { useWorkerThreads?: boolean; workerThreadsOptions?: { env: NodeJS.ProcessEnv } },
    onDrain?: () => void,
  ): Worker {
    if (this.draining) throw new Error(`cannot start a worker for ${queue} while shutting down`);
    const active = new ActiveJobs();
    // BullMQ emits neither 'completed' nor 'failed' for a job that hands itself back (DelayedError,
    // a rate-limit error): an inline processor is tracked by its own lifetime instead, so a drain
    // never waits the grace period for a job that is no longer running here.
    const tracked: string | Processor =
      typeof processor === 'string'
        ? processor
        : async (job, token) => {
            if (job.id) active.add(job.id);
            try {
              return await processor(job, token);
            } finally {
              if (job.id) active.remove(job.id);
            }
          };
    const worker = this.factory.worker(queue, tracked, {
      ...workerOptionsFor(tuning),
      ...sandbox,
      name: `${hostname()}:${process.pid}`,
    });
    const hosted: HostedWorker = { queue, worker, active, ...(onDrain ? { onDrain } : {}) };
    this.watch(hosted);
    this.hosted.push(hosted);
    this.logger.log({
      msg: `worker started on ${queue}`,
      queue,
      concurrency: tuning.concurrency,
      lockDurationMs: tuning.lockDurationMs,
      sandboxed: typeof processor === 'string',
    });
    return worker;
  }

  private watch({ queue, worker, active }: HostedWorker): void {
    worker.on('active', (job: Job) => {
      if (job.id) active.add(job.id);
      this.logger.log({ msg: `job ${job.name} started`, queue, jobId: job.id, job: job.name, attempt: job.attemptsMade + 1 });
    });
    worker.on('completed', (job: Job) => {
      if (job.id) active.remove(job.id);
      this.jobMetrics.completed(queue, job);
      const ms = job.finishedOn && job.processedOn ? job.finishedOn - job.processedOn : undefined;
      this.logger.log({ msg: `job ${job.name} completed`, queue, jobId: job.id, job: job.name, ms });
    });
    worker.on('failed', (job: Job | undefined, error: Error) => {
      if (job?.id) active.remove(job.id);
      const attempts = job?.opts.attempts ?? 1;
      const willRetry = !!job && error.name !== UnrecoverableError.name && job.attemptsMade < attempts;
      this.jobMetrics.failed(queue, job, error, !willRetry);
      const entry = {
        msg: `job ${job?.name ?? '?'} failed${willRetry ? ', will retry' : ''}: ${error.message}`,
        queue,
        jobId: job?.id,
        job: job?.name,
        attemptsMade: job?.attemptsMade,
        attempts,
        willRetry,
        err: error,
      };
      if (willRetry) this.logger.warn(entry);
      else this.logger.error(entry);
    });
    worker.on('stalled', (jobId: string) => {
      this.logger.warn({ msg: 'job stalled (lock lost); it goes back to the queue', queue, jobId });
    });
  }

  private async drain({ queue, worker, active, onDrain }: HostedWorker, signal?: string): Promise<void> {
    onDrain?.();
    const activeJobs = active.list();
    this.logger.log({ msg: `closing worker on ${queue}`, queue, signal, activeJobs, graceMs: this.options.shutdownGraceMs });
    // Closing a worker whose connection is still coming up leaves a socket open for ~30 s (bullmq
    // 5.81), which would hold the process after a SIGTERM right at startup: let it connect first.
    await withTimeout(worker.waitUntilReady(), Math.min(this.options.shutdownGraceMs, 5_000) + 100, 'worker connection').catch(
      () => undefined,
    );
    // close() stops fetching at once, waits for active jobs, then releases the connections.
    const closed = worker.close();
    if (await active.waitForIdle(this.options.shutdownGraceMs)) {
      await closed;
      this.logger.log({ msg: `worker on ${queue} closed`, queue });
      return;
    }
    this.logger.warn({
      msg: `grace period over with jobs still running on ${queue}; terminating them (they will be retried)`,
      queue,
      activeJobs: active.list(),
    });
    await terminateSandboxes(worker);
    await closed;
  }
}

/**
 * Worker.close(true) cannot follow a close() already in progress, and BullMQ has no public way to
 * stop a busy sandbox, so this reaches its child pool (pinned bullmq 5.81; covered by the
 * worker-host spec). Killing the thread fails the job's current attempt, which frees close().
 */
async function terminateSandboxes(worker: Worker): Promise<void> {
  const pool = (worker as unknown as { childPool?: { clean(): Promise<void> } }).childPool;
  await pool?.clean();
}
