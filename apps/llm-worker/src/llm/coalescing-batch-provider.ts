import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { batchOwner, type LlmBatchRepository, type LlmCallRepository } from '@alkdrec/db';
import type { PriceTable } from '@alkdrec/llm';
import {
  BatchDriver, ProviderTransientError, type AnthropicBatchProvider, type BatchItemResult, type BatchReport, type CompleteOptions, type LlmAnswer,
  type LlmProvider, type LlmRequest,
} from '@alkdrec/llm-providers';
import type { AnswerVerdict } from './llm-call-store';

interface Waiting {
  request: LlmRequest;
  /** Set for calls claimed in the response store (the worker's jobs): the batch is recorded. */
  claim?: BatchClaim;
  resolve: (answer: LlmAnswer) => void;
  reject: (error: unknown) => void;
}

/** A call a job has claimed in the store: its key, the claim's owner (the job id) and how its answer is judged. */
export interface BatchClaim {
  key: string;
  owner: string;
  judge: (text: string) => AnswerVerdict;
}

export interface CoalescingOptions {
  /** How long the first request of a batch waits for others to join it. */
  windowMs: number;
  /** Most requests in one batch (the API allows 100,000; smaller batches end sooner). */
  maxRequests: number;
}

/** Where batches are recorded so that a restarted worker polls them instead of sending their calls again. */
export interface BatchRecording {
  calls: LlmCallRepository;
  batches: LlmBatchRepository;
  prices?: PriceTable;
}

/**
 * The call's batch is still running at the provider but this worker stopped waiting for it
 * (shutdown, or polling failed). Nothing is stored and the claim stays with the recorded batch:
 * whoever retries the call waits for the batch's result instead of sending it again.
 */
export class BatchInterruptedError extends ProviderTransientError {
  constructor(
    readonly batchId: string,
    cause: unknown,
  ) {
    super(`anthropic-batch: stopped waiting for batch ${batchId} (${(cause as Error)?.message ?? String(cause)}); it is recorded and will be resumed`, {
      provider: 'anthropic-batch',
      errorClass: 'batch_interrupted',
      cause,
    });
  }
}

/**
 * The batch provider as the worker's jobs use it: each job still asks for one completion, but the
 * requests that arrive within `windowMs` (the queue runs dozens of jobs at once) go to the Message
 * Batches API as ONE batch, polled once, and every job gets its own result back by custom id.
 * Without this each job would submit and poll a batch of one: the same half price, but hundreds
 * of batches to create and poll.
 *
 * With `recording` (the worker), claimed calls (`sendClaimed`) are restart-safe: their claims go
 * to `BatchDriver`, which sends them with the call keys as custom ids and records the batch
 * (LlmBatch, custom id ↔ call key) as soon as the provider accepts it, handing the claims to
 * `batch:<id>`. The driver then polls, writes every result into the store by call key (judged by
 * the job's parser) and marks the batch collected. A new worker resumes every recorded batch at
 * start (`onApplicationBootstrap`), and a job whose call a recorded batch holds waits for it
 * (`awaitBatch`) instead of sending the call again.
 */
export class CoalescingBatchProvider implements LlmProvider, OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly name = 'anthropic-batch' as const;
  private readonly logger = new Logger(CoalescingBatchProvider.name);
  private pending: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly driver: BatchDriver | undefined;
  /** Batches this process polls right now, by id: one poller per batch however many jobs wait. */
  private readonly tracked = new Map<string, Promise<BatchReport>>();
  /** The parsers of live jobs' calls, by call key, for the driver to store each answer's verdict. */
  private readonly judges = new Map<string, BatchClaim['judge']>();
  private readonly stopped = new AbortController();

  constructor(
    private readonly batches: AnthropicBatchProvider,
    private readonly options: CoalescingOptions,
    private readonly recording?: BatchRecording,
  ) {
    if (recording) {
      this.driver = new BatchDriver({
        provider: batches,
        calls: recording.calls,
        batches: recording.batches,
        prices: recording.prices,
        interpret: (key, answer) => {
          // A batch resumed after a restart has no live parser: stored as answered, parsed by the job that reads it.
          const verdict = this.judges.get(key)?.(answer.text);
          return verdict === undefined ? { status: 'SUCCEEDED' } : { status: verdict.usable ? 'SUCCEEDED' : 'PARSE_FAILED', parsed: verdict.parsed };
        },
      });
    }
  }

  get model(): string {
    return this.batches.model;
  }

  /** Whether batches are recorded: then the store's writes for `sendClaimed` calls happen here. */
  get records(): boolean {
    return this.driver !== undefined;
  }

  /** An unclaimed request: batched with the others, not recorded (nothing to resume it into). */
  complete(request: LlmRequest, _options?: CompleteOptions): Promise<LlmAnswer> {
    return this.enqueue({ request });
  }

  /**
   * A call the job has claimed in the store under `claim.owner`. Resolves once the answer is stored
   * (SUCCEEDED or PARSE_FAILED by `claim.judge`). Rejects with the provider's error once the call
   * is stored as FAILED (nothing billed), or with `BatchInterruptedError` while its batch goes on.
   */
  sendClaimed(request: LlmRequest, claim: BatchClaim): Promise<LlmAnswer> {
    if (!this.driver) return Promise.reject(new Error('sendClaimed needs batch recording'));
    return this.enqueue({ request, claim });
  }

  /**
   * Waits until the recorded batch `batchId` has ended and its results are in the store, polling
   * it from this process unless it does already. False when no such batch is in progress.
   */
  async awaitBatch(batchId: string): Promise<boolean> {
    const { driver, recording } = this;
    if (!driver || !recording) return false;
    let running = this.tracked.get(batchId);
    if (!running) {
      const recorded = (await recording.batches.inProgress(this.name, this.model)).find((batch) => batch.batchId === batchId);
      if (!recorded) return false;
      running = this.track(batchId, recorded.items);
    }
    try {
      await running;
    } catch (error) {
      throw new BatchInterruptedError(batchId, error);
    }
    return true;
  }

  /** Polls every batch recorded as in progress (a previous process's) until its results are stored. */
  async resumeRecorded(): Promise<string[]> {
    if (!this.driver || !this.recording) return [];
    const recorded = await this.recording.batches.inProgress(this.name, this.model);
    for (const batch of recorded) {
      this.logger.log({ msg: `resuming batch ${batch.batchId} (${batch.items.size} calls)`, batchId: batch.batchId });
      this.track(batch.batchId, batch.items).catch((error: unknown) =>
        this.logger.warn({ msg: `batch ${batch.batchId} not collected: ${(error as Error).message}`, batchId: batch.batchId }),
      );
    }
    return recorded.map((batch) => batch.batchId);
  }

  onApplicationBootstrap(): void {
    this.resumeRecorded().catch((error: unknown) => this.logger.error({ msg: `could not list recorded batches: ${(error as Error).message}`, err: error }));
  }

  /** Stops polling (recorded batches are resumed by the next worker) and rejects the waiting jobs. */
  close(): void {
    this.stopped.abort();
    clearTimeout(this.timer);
    this.timer = undefined;
    const waiting = this.pending;
    this.pending = [];
    for (const w of waiting) w.reject(new ProviderTransientError('anthropic-batch: the worker is stopping', { provider: this.name, errorClass: 'shutdown' }));
  }

  /** Before the queues drain: a job waiting for a batch (hours) lets go at once; its batch is recorded. */
  beforeApplicationShutdown(): void {
    this.close();
  }

  private enqueue(waiting: Omit<Waiting, 'resolve' | 'reject'>): Promise<LlmAnswer> {
    return new Promise<LlmAnswer>((resolve, reject) => {
      if (this.stopped.signal.aborted) {
        reject(new ProviderTransientError('anthropic-batch: the worker is stopping', { provider: this.name, errorClass: 'shutdown' }));
        return;
      }
      this.pending.push({ ...waiting, resolve, reject });
      if (this.pending.length >= this.options.maxRequests) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.windowMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    const claimed = batch.filter((w) => w.claim !== undefined);
    const unclaimed = batch.filter((w) => w.claim === undefined);
    if (claimed.length > 0) void this.sendRecorded(claimed);
    if (unclaimed.length > 0) void this.send(unclaimed);
  }

  private track(batchId: string, items: ReadonlyMap<string, string>): Promise<BatchReport> {
    let running = this.tracked.get(batchId);
    if (!running) {
      running = (this.driver as BatchDriver).finish(batchId, this.stopped.signal, items).finally(() => this.tracked.delete(batchId));
      this.tracked.set(batchId, running);
    }
    return running;
  }

  private async sendRecorded(batch: Waiting[]): Promise<void> {
    const driver = this.driver as BatchDriver;
    const { calls } = this.recording as BatchRecording;
    // The jobs hold their calls' claims; the driver records the batch for one owner, so hand them over first.
    const moved = await Promise.all(
      batch.map((w) => calls.transferClaims([w.claim!.key], w.claim!.owner, driver.owner).catch((error: unknown) => error)),
    );
    const live: Waiting[] = [];
    batch.forEach((w, i) => {
      const outcome = moved[i];
      if (outcome === 1) live.push(w);
      else if (outcome instanceof Error) w.reject(outcome);
      else w.reject(new ProviderTransientError(`anthropic-batch: the claim on ${w.claim!.key} was lost before sending`, { provider: this.name, errorClass: 'claim_lost' }));
    });
    if (live.length === 0) return;
    for (const w of live) this.judges.set(w.claim!.key, w.claim!.judge);
    try {
      let batchId: string;
      try {
        // Not aborted by shutdown: a submit cut off after the provider accepted it would leave a paid batch unrecorded.
        batchId = await driver.submitClaimed(new Map(live.map((w) => [w.claim!.key, w.request])));
      } catch (error) {
        // Refused as a whole: the driver stored the calls as FAILED (claimable again); every job sees the error.
        for (const w of live) w.reject(error);
        return;
      }
      this.logger.debug({ msg: `batch ${batchId} recorded`, batchId, requests: live.length });
      let report: BatchReport;
      try {
        report = await this.track(batchId, new Map(live.map((w) => [w.claim!.key, w.claim!.key])));
      } catch (error) {
        for (const w of live) w.reject(new BatchInterruptedError(batchId, error));
        return;
      }
      for (const w of live) settle(w, report.results.get(w.claim!.key), batchId);
    } finally {
      for (const w of live) this.judges.delete(w.claim!.key);
    }
  }

  private async send(batch: Waiting[]): Promise<void> {
    try {
      // Custom ids only have to be unique within the batch.
      const batchId = await this.batches.submit(batch.map((w, i) => ({ customId: `r${i}`, request: w.request })));
      await this.batches.waitUntilEnded(batchId, { signal: this.stopped.signal });
      const results = await this.batches.collect(batchId, { signal: this.stopped.signal });
      batch.forEach((waiting, i) => settle(waiting, results.get(`r${i}`), batchId));
    } catch (error) {
      // Submit, poll or collect failed as a whole: every job sees the same classified error.
      for (const waiting of batch) waiting.reject(error);
    }
  }
}

/** The owner a recorded batch's calls are claimed by: `batch:<id>` (LlmBatchRepository). */
export function batchIdOfOwner(owner: string): string | undefined {
  const prefix = batchOwner('');
  return owner.startsWith(prefix) ? owner.slice(prefix.length) : undefined;
}

function settle(waiting: Waiting, result: BatchItemResult | undefined, batchId: string): void {
  if (result === undefined) {
    waiting.reject(new ProviderTransientError(`anthropic-batch: batch ${batchId} ended without this request's result`, { provider: 'anthropic-batch', errorClass: 'missing_result' }));
  } else if (result instanceof Error) waiting.reject(result);
  else waiting.resolve(result);
}
