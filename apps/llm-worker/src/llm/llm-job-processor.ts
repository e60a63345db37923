import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { runUnderContract, type JobContract, type QueueName, type RunProvider } from '@alkdrec/contracts';
import { resolveQueueTuning, type QueueTuning, type WorkerHost } from '@alkdrec/service-kit';
import { DelayedError, UnrecoverableError, type Job, type Worker } from 'bullmq';
import type { z } from 'zod';
import type { Catalogue, CatalogueCache } from '../catalogue/catalogue-cache';
import type { LlmWorkerConfig } from '../config/llm-worker-env.schema';
import { LlmWaitInterrupted, type CallContext, type LlmCalls } from './llm-calls';
import { refuseOtherProvider } from './provider-mismatch';
import { toQueueError } from './queue-error';

/** What every LLM job's payload carries: its run, its dataset, and the provider the run was planned for. */
interface LlmJobPayload {
  runId: string;
  dataset: string;
  provider?: RunProvider | undefined;
}

/** How soon a job handed back at shutdown may be taken again (by this worker's successor or another). */
const HAND_BACK_DELAY_MS = 1_000;

/**
 * The one skeleton of the llm-worker's queues (ranking and hints): an in-process BullMQ worker with
 * the queue's tuning (no rate limiter for a recorded provider: there is no provider to protect),
 * one job name, the payload and result parsed with the contract, a run planned for another
 * provider refused, and errors mapped for the queue (toQueueError). At shutdown a job waiting for
 * another worker's answer is handed back to the queue without using an attempt.
 */
export abstract class LlmJobProcessor<P extends z.ZodType<LlmJobPayload>, R extends z.ZodType> implements OnApplicationBootstrap {
  protected readonly logger = new Logger(this.constructor.name);
  private worker: Worker | undefined;
  private readonly tuning: QueueTuning;
  private readonly draining = new AbortController();

  protected constructor(
    private readonly queue: QueueName,
    private readonly jobName: string,
    private readonly contract: JobContract<P, R>,
    private readonly host: WorkerHost,
    private readonly catalogues: CatalogueCache,
    protected readonly calls: LlmCalls,
    protected readonly config: LlmWorkerConfig,
  ) {
    const tuning = resolveQueueTuning(queue, config);
    // The limiter guards a provider's rate limit; recordings have none, and 750 replayed answers
    // would otherwise wait a minute for the next window (600 per minute by default).
    this.tuning = calls.provider.traits.recorded ? { ...tuning, limiter: undefined } : tuning;
  }

  /** The job's work, given its parsed payload, the dataset's catalogue and the call context. */
  protected abstract handle(payload: z.infer<P>, catalogue: Catalogue, ctx: CallContext, job: Job): Promise<z.input<R>>;

  /** Errors of this queue that no retry can fix, beyond the common ones (toQueueError). */
  protected permanent(_error: unknown): boolean {
    return false;
  }

  onApplicationBootstrap(): void {
    this.worker = this.host.startInline(this.queue, (job, token) => this.process(job, token), this.tuning, { onDrain: () => this.draining.abort() });
  }

  async process(job: Job, token?: string): Promise<unknown> {
    try {
      if (job.name !== this.jobName) throw new UnrecoverableError(`the llm-worker has no handler for ${this.queue} job "${job.name}"`);
      return await runUnderContract(this.contract, job, async (payload) => {
        const { runId, dataset, provider } = payload as LlmJobPayload;
        refuseOtherProvider(provider, this.calls.provider.name, runId);
        const ctx: CallContext = { runId, owner: job.id ?? `${job.name}-${job.timestamp}`, signal: this.draining.signal, kind: this.jobName };
        return this.handle(payload, await this.catalogues.get(dataset), ctx, job);
      });
    } catch (error) {
      if (error instanceof LlmWaitInterrupted && token !== undefined) {
        this.logger.log({ msg: 'shutting down: job handed back to the queue (it was waiting for another worker\'s answer)', jobId: job.id });
        await job.moveToDelayed(Date.now() + HAND_BACK_DELAY_MS, token);
        throw new DelayedError();
      }
      if (this.permanent(error)) throw new UnrecoverableError(`${(error as Error).name}: ${(error as Error).message}`);
      throw await toQueueError(error, this.worker as Worker, this.tuning.backoff.delayMs);
    }
  }
}
