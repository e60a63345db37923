import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { QueueName } from '@alkdrec/contracts';
import { QueueFactory, QueueRegistry, submitJob, waitForJob, waitForResult, watchJobProgress } from '@alkdrec/service-kit';
import type { Job, QueueEvents } from 'bullmq';
import type { z } from 'zod';
import { interrupted, isCancellation } from './run-interrupted';

export interface SubJobRequest<S extends z.ZodType, P extends z.ZodType> {
  queue: QueueName;
  name: string;
  /** Already parsed with the job's payload contract. */
  payload: unknown;
  /** Deterministic: the same work joins the job already there (see submitJob). */
  jobId: string;
  result: S;
  progress?: { contract: P; onProgress: (progress: z.infer<P>) => void };
  signal: AbortSignal;
  /**
   * When the run is cancelled while this job waits: whether to withdraw it (remove it if no worker
   * has taken it yet). Default yes; a job other running runs may share (a teacher's training) says
   * whether one does.
   */
  withdrawOnCancel?: () => Promise<boolean>;
}

/** States of a job no worker has taken yet: withdrawing it stops work nobody has started. */
const NOT_STARTED = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Runs a job on another service's queue and waits for its parsed result: the selector's one way of
 * asking the trainer or the llm-worker for something. Deterministic ids make a resumed run join
 * work still under way instead of starting it twice; a finished job is submitted again, and the
 * handler's idempotence (the database) decides what is reused.
 *
 * A job Redis lost while it was waited for (a restart without persistence) rejects with
 * JobVanishedError within two state checks (waitForJob, 5 s apart): the driver enters the stage
 * again, which resubmits it. An aborted signal rejects with the driver's RunInterrupted; when the
 * run was cancelled, the job is withdrawn first if no worker has taken it (a job a worker is running
 * finishes as usual: its result is stored and reused if the run is resumed).
 */
@Injectable()
export class SubJobs implements OnApplicationShutdown {
  private readonly logger = new Logger(SubJobs.name);
  private readonly events = new Map<QueueName, Promise<QueueEvents>>();

  constructor(
    private readonly queues: QueueRegistry,
    private readonly factory: QueueFactory,
  ) {}

  async run<S extends z.ZodType, P extends z.ZodType>(request: SubJobRequest<S, P>): Promise<z.infer<S>> {
    const queue = this.queues.get(request.queue);
    const events = await this.eventsOf(request.queue);
    const progress = request.progress;
    const unwatch = progress ? watchJobProgress(events, request.jobId, progress.onProgress, progress.contract) : () => undefined;
    try {
      const { job } = await submitJob(queue, request.name, request.payload, request.jobId);
      const { signal } = request;
      try {
        return await Promise.race([waitForResult({ job, queue, events }, request.result, { signal }), interrupted(signal)]);
      } catch (error) {
        if (isCancellation(error) && (await (request.withdrawOnCancel?.() ?? true))) await this.withdraw(job);
        throw error;
      }
    } finally {
      unwatch();
    }
  }

  /** Removes a job no worker has taken yet; one a worker holds (locked) is left to finish. */
  async withdraw(job: Job): Promise<boolean> {
    try {
      if (!NOT_STARTED.has(await job.getState())) return false;
      await job.remove();
    } catch {
      return false; // taken by a worker meanwhile (locked), or Redis is away: it finishes as usual
    }
    this.logger.log({ msg: `withdrew job ${job.id} of a cancelled run (no worker had taken it)`, jobId: job.id, queue: job.queueName });
    return true;
  }

  /** Waits for a job added elsewhere (a flow's parent) to finish; its result is not parsed here. */
  async waitFor(queueName: QueueName, job: Job, signal: AbortSignal): Promise<void> {
    const events = await this.eventsOf(queueName);
    await Promise.race([waitForJob({ job, queue: this.queues.get(queueName), events }, { signal }), interrupted(signal)]);
  }

  eventsOf(queueName: QueueName): Promise<QueueEvents> {
    let events = this.events.get(queueName);
    if (!events) {
      const created = this.factory.queueEvents(queueName);
      // Listen before anything is submitted: QueueEvents only delivers what it sees while connected.
      events = created.waitUntilReady().then(() => created);
      this.events.set(queueName, events);
    }
    return events;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.events.values()].map(async (events) => (await events).close()));
    this.events.clear();
  }
}
