import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { QueueName } from '@alkdrec/contracts';
import { QueueFactory, QueueRegistry, submitJob, waitForJob, waitForResult, watchJobProgress } from '@alkdrec/service-kit';
import type { Job, QueueEvents } from 'bullmq';
import type { z } from 'zod';
import { interrupted } from './run-interrupted';

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
}

/**
 * Runs a job on another service's queue and waits for its parsed result: the selector's one way of
 * asking the trainer or the llm-worker for something. Deterministic ids make a resumed run join
 * work still under way instead of starting it twice; a finished job is submitted again, and the
 * handler's idempotence (the database) decides what is reused.
 *
 * A job Redis lost while it was waited for (a restart without persistence) rejects with
 * JobVanishedError within two state checks (waitForJob, 5 s apart): the driver enters the stage
 * again, which resubmits it. An aborted signal rejects with the driver's RunInterrupted.
 */
@Injectable()
export class SubJobs implements OnApplicationShutdown {
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
      return await Promise.race([waitForResult({ job, queue, events }, request.result, { signal }), interrupted(signal)]);
    } finally {
      unwatch();
    }
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
