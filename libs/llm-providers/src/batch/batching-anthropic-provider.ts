import { randomUUID } from 'node:crypto';
import { batchIdOfOwner, batchOwner, withDbRetry, type BatchItem, type LlmBatchRepository, type LlmRequestRepository, type RecordedBatch } from '@alkdrec/db';
import type { PriceTable } from '@alkdrec/llm';
import { arrivedAnswer } from '../arrived-answer';
import { costOf } from '../cost/cost-of';
import { ProviderError, ProviderTransientError } from '../errors/provider-errors';
import type { CompleteOptions, LlmAnswer, LlmProvider, LlmRequest, ProviderTraits, RequestTicket } from '../llm-provider';
import type { AnthropicBatchProvider, BatchItemResult } from './anthropic-batch-provider';
import { findCreatedBatch } from './find-created-batch';

export interface BatchingOptions {
  /** How long the first request of a batch waits for others to join it. */
  windowMs: number;
  /** Most requests in one batch (the API allows 100,000; smaller batches end sooner). */
  maxRequests: number;
}

/** Where batches and their answers are recorded, so a batch outlives the process that sent it. */
export interface BatchJournal {
  batches: LlmBatchRepository;
  requests: LlmRequestRepository;
  prices?: PriceTable;
  /**
   * A batch whose create got no answer (a timeout, a cut connection) may or may not exist. If the
   * provider's list shows no batch that could be it this long after the intent was recorded, it
   * was never created: its calls are released. Default 2 minutes.
   */
  unconfirmedAfterMs?: number;
  /** Pause between looks at the provider while reconciling (default 5 s). */
  reconcilePollMs?: number;
  log?: (entry: { msg: string; batchId: string; level: 'info' | 'warn' }) => void;
}

interface Waiting {
  request: LlmRequest;
  /** Set for requests the ledger knows (the worker's jobs): the batch is recorded. */
  ticket?: RequestTicket;
  resolve: (answer: LlmAnswer) => void;
  reject: (error: unknown) => void;
}

type Ticketed = Waiting & { ticket: RequestTicket };
const isTicketed = (waiting: Waiting): waiting is Ticketed => waiting.ticket !== undefined;

/** Results of a collected batch, by request id (recorded batches) or custom id (unrecorded ones). */
type BatchResults = ReadonlyMap<string, BatchItemResult>;

/**
 * The worker stopped waiting for a batch that is still running (shutdown, or polling failed). The
 * request's outcome is pending: its claim stays with the recorded batch, which the next worker
 * resumes, and whoever retries the call waits for that batch instead of sending it again.
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
      outcomePending: true,
    });
  }
}

/**
 * The Message Batches provider as jobs use it: each job asks for one completion, but the requests
 * that arrive within `windowMs` go to the API as ONE batch, polled once, and every job gets its own
 * result by custom id (half price, one batch to create and poll instead of hundreds).
 *
 * With a journal, requests that carry a ledger ticket are never paid twice and never lost:
 * 1. the batch is recorded BEFORE it is created (SUBMITTING, each item with its call key as custom
 *    id and its ledger request) and the calls' claims move to it;
 * 2. the provider's id is recorded as soon as it answers (IN_PROGRESS); a refused create is
 *    abandoned (its calls released, its requests failed, nothing billed), while a create that got
 *    no answer is reconciled: the provider's batch list is searched for a batch of the same size
 *    made at that time whose results carry exactly these custom ids — adopted if found, abandoned
 *    if none appears within `unconfirmedAfterMs`;
 * 3. results are written into the ledger by request (answered at half price, or failed) the
 *    moment they are collected, then the batch is COLLECTED.
 * A restarted worker resumes every open batch at start, and a job whose call a batch holds waits
 * for that batch (`awaitHolder`) instead of sending it again.
 */
export class BatchingAnthropicProvider implements LlmProvider {
  readonly name = 'anthropic-batch' as const;
  private pending: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Batches this process follows right now, by our id: one follower per batch however many jobs wait. */
  private readonly tracked = new Map<string, Promise<BatchResults>>();
  /** The parsers of live jobs, by request id, so each answer is stored with its verdict. */
  private readonly judges = new Map<string, RequestTicket['judge']>();
  private readonly stopped = new AbortController();

  constructor(
    private readonly api: AnthropicBatchProvider,
    private readonly options: BatchingOptions,
    private readonly journal?: BatchJournal,
  ) {}

  get model(): string {
    return this.api.model;
  }

  get traits(): ProviderTraits {
    return this.api.traits;
  }

  complete(request: LlmRequest, options: CompleteOptions = {}): Promise<LlmAnswer> {
    return new Promise<LlmAnswer>((resolve, reject) => {
      if (this.stopped.signal.aborted) return reject(stopping());
      this.pending.push({ request, ...(this.journal && options.ticket ? { ticket: options.ticket } : {}), resolve, reject });
      if (this.pending.length >= this.options.maxRequests) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.windowMs);
    });
  }

  /**
   * A call held by `owner` that this provider can wait for: a recorded batch (`batch:<id>`) still
   * open. Resolves true once its results are in the ledger (false: not such an owner, or the batch
   * is no longer open — its outcome is being written); rejects with BatchInterruptedError if this
   * process stops waiting first.
   */
  async awaitHolder(owner: string): Promise<boolean> {
    const batchId = batchIdOfOwner(owner);
    if (batchId === undefined || !this.journal) return false;
    let following = this.tracked.get(batchId);
    if (!following) {
      const record = (await this.journal.batches.open(this.name, this.model)).find((b) => b.batchId === batchId);
      if (!record) return false;
      following = this.follow(record);
    }
    try {
      await following;
    } catch (error) {
      throw new BatchInterruptedError(batchId, error);
    }
    return true;
  }

  /** Follows every batch recorded as open (a previous process's) until its results are recorded. */
  async resume(): Promise<string[]> {
    if (!this.journal) return [];
    const open = await this.journal.batches.open(this.name, this.model);
    for (const record of open) {
      this.log('info', record.batchId, `resuming batch ${record.batchId} (${record.status}, ${record.items.length} requests)`);
      this.follow(record).catch((error: unknown) => this.log('warn', record.batchId, `batch ${record.batchId} not collected: ${(error as Error).message}`));
    }
    return open.map((record) => record.batchId);
  }

  /** Nest calls this at start: open batches are followed again. */
  onApplicationBootstrap(): void {
    this.resume().catch((error: unknown) => this.log('warn', '-', `could not list open batches: ${(error as Error).message}`));
  }

  /** Nest calls this before the queues drain: jobs waiting for a batch (hours) let go at once; the batches are recorded. */
  beforeApplicationShutdown(): void {
    this.close();
  }

  close(): void {
    this.stopped.abort();
    clearTimeout(this.timer);
    this.timer = undefined;
    const waiting = this.pending;
    this.pending = [];
    for (const w of waiting) w.reject(stopping());
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    const recorded = batch.filter(isTicketed);
    const unrecorded = batch.filter((w) => !isTicketed(w));
    if (recorded.length > 0) void this.sendRecorded(recorded);
    if (unrecorded.length > 0) void this.sendUnrecorded(unrecorded);
  }

  private async sendRecorded(waiting: Ticketed[]): Promise<void> {
    const journal = this.journal as BatchJournal;
    const batchId = randomUUID();
    let moved: Set<string>;
    try {
      moved = await journal.batches.recordIntent({
        batchId,
        provider: this.name,
        model: this.model,
        // The call key is a valid custom_id (64 hex characters) and says which call a result answers.
        items: waiting.map(({ ticket }) => ({ customId: ticket.callKey, callKey: ticket.callKey, requestId: ticket.requestId, owner: ticket.owner })),
      });
    } catch (error) {
      for (const w of waiting) w.reject(error);
      return;
    }
    for (const { ticket, reject } of waiting) {
      if (moved.has(ticket.requestId)) this.judges.set(ticket.requestId, ticket.judge);
      else reject(new ProviderTransientError(`anthropic-batch: the claim on ${ticket.callKey} was lost before sending`, { provider: this.name, errorClass: 'claim_lost' }));
    }
    const live = waiting.filter(({ ticket }) => moved.has(ticket.requestId));
    if (live.length === 0) return;
    const items: BatchItem[] = live.map(({ ticket }) => ({ customId: ticket.callKey, callKey: ticket.callKey, requestId: ticket.requestId }));
    const record: RecordedBatch = { batchId, providerBatchId: null, provider: this.name, model: this.model, status: 'SUBMITTING', submittedAt: new Date(), items };
    try {
      // Not aborted by shutdown: a create cut off after the provider accepted it would be a paid batch we must reconcile.
      const providerBatchId = await this.api.submit(live.map(({ ticket, request }) => ({ customId: ticket.callKey, request })));
      await withDbRetry(() => journal.batches.confirm(batchId, providerBatchId));
      record.providerBatchId = providerBatchId;
      record.status = 'IN_PROGRESS';
    } catch (error) {
      if (error instanceof ProviderError && error.status !== undefined) {
        // The provider answered the create with an error: no batch exists, nothing is billed.
        await this.abandon(record, error.errorClass, error.message, error.status).catch(() => undefined);
        for (const w of live) w.reject(error);
        return;
      }
      // No answer (timeout, cut connection): the batch may exist. Reconcile below, as a restart would.
      this.log('warn', batchId, `batch ${batchId}: the create got no answer (${(error as Error).message}); reconciling from the provider's batch list`);
    }
    try {
      const results = await this.follow(record);
      for (const w of live) settle(w, results.get(w.ticket.requestId), batchId);
    } catch (error) {
      for (const w of live) w.reject(new BatchInterruptedError(batchId, error));
    } finally {
      for (const w of live) this.judges.delete(w.ticket.requestId);
    }
  }

  private async sendUnrecorded(waiting: Waiting[]): Promise<void> {
    try {
      // Custom ids only have to be unique within the batch.
      const batchId = await this.api.submit(waiting.map((w, i) => ({ customId: `r${i}`, request: w.request })));
      await this.api.waitUntilEnded(batchId, { signal: this.stopped.signal });
      const results = await this.api.collect(batchId, { signal: this.stopped.signal });
      waiting.forEach((w, i) => settle(w, results.get(`r${i}`), batchId));
    } catch (error) {
      // Submit, poll or collect failed as a whole: every job sees the same classified error.
      for (const w of waiting) w.reject(error);
    }
  }

  /** One follower per batch: reconcile if unconfirmed, poll to its end, record every result. */
  private follow(record: RecordedBatch): Promise<BatchResults> {
    let following = this.tracked.get(record.batchId);
    if (!following) {
      following = this.followToEnd(record).finally(() => this.tracked.delete(record.batchId));
      this.tracked.set(record.batchId, following);
    }
    return following;
  }

  private async followToEnd(record: RecordedBatch): Promise<BatchResults> {
    const providerBatchId = record.providerBatchId ?? (await this.reconcile(record));
    if (providerBatchId === undefined) return new Map(); // abandoned: its requests are failed, its calls free
    await this.api.waitUntilEnded(providerBatchId, { signal: this.stopped.signal });
    const byCustomId = await this.api.collect(providerBatchId, { signal: this.stopped.signal });
    const results = new Map<string, BatchItemResult>();
    for (const item of record.items) {
      const result = byCustomId.get(item.customId);
      if (item.requestId !== null && result !== undefined) results.set(item.requestId, result);
      await withDbRetry(() => this.recordResult(record.batchId, item, result));
    }
    await withDbRetry(() => (this.journal as BatchJournal).batches.markCollected(record.batchId));
    return results;
  }

  /** Writes one item's outcome into the ledger (idempotent: a second write changes nothing). */
  private async recordResult(batchId: string, item: BatchItem, result: BatchItemResult | undefined): Promise<void> {
    const { requests, prices } = this.journal as BatchJournal;
    if (item.requestId === null) return; // recorded before the ledger existed: nothing to account
    if (result === undefined || result instanceof Error) {
      await requests.fail(item.requestId, {
        callKey: item.callKey,
        owner: batchOwner(batchId),
        faultClass: result?.errorClass ?? 'missing_result',
        message: result?.message ?? `batch ${batchId} has no result for ${item.customId}`,
        ...(result?.status === undefined ? {} : { httpStatus: result.status }),
      });
      return;
    }
    // A batch resumed after a restart has no live parser: stored as answered, judged by the job that reads it.
    const verdict = this.judges.get(item.requestId)?.(result) ?? { usable: true, parsed: null };
    await requests.answer(item.requestId, arrivedAnswer(item.callKey, result, costOf(this, result, prices), verdict));
  }

  /**
   * Reconciles an intent whose create was never answered (findCreatedBatch): adopts the batch the
   * provider made and returns its id, or abandons the intent and returns undefined.
   */
  private async reconcile(record: RecordedBatch): Promise<string | undefined> {
    const journal = this.journal as BatchJournal;
    const found = await findCreatedBatch(record, {
      api: this.api,
      batches: journal.batches,
      deadline: record.submittedAt.getTime() + (journal.unconfirmedAfterMs ?? 120_000),
      pollMs: journal.reconcilePollMs ?? 5_000,
      signal: this.stopped.signal,
    });
    if (found === undefined) {
      const seconds = Math.round((Date.now() - record.submittedAt.getTime()) / 1000);
      await this.abandon(record, 'batch_not_created', `the provider never created batch ${record.batchId} (not in its batch list ${seconds} s after the intent)`);
      return undefined;
    }
    await withDbRetry(() => journal.batches.confirm(record.batchId, found));
    this.log('info', record.batchId, `batch ${record.batchId} reconciled: the provider created it as ${found}`);
    return found;
  }

  /** The batch does not exist at the provider: every request failed (nothing billed), every call free again. */
  private async abandon(record: RecordedBatch, faultClass: string, message: string, httpStatus?: number): Promise<void> {
    const journal = this.journal as BatchJournal;
    for (const item of record.items) {
      if (item.requestId === null) continue;
      const requestId = item.requestId;
      await withDbRetry(() =>
        journal.requests.fail(requestId, { callKey: item.callKey, owner: batchOwner(record.batchId), faultClass, message, ...(httpStatus === undefined ? {} : { httpStatus }) }),
      );
    }
    await withDbRetry(() => journal.batches.abandon(record.batchId));
    this.log('warn', record.batchId, `batch ${record.batchId} abandoned: ${message}`);
  }

  private log(level: 'info' | 'warn', batchId: string, msg: string): void {
    this.journal?.log?.({ level, batchId, msg });
  }
}

function stopping(): ProviderTransientError {
  return new ProviderTransientError('anthropic-batch: the worker is stopping', { provider: 'anthropic-batch', errorClass: 'shutdown' });
}

function settle(waiting: Waiting, result: BatchItemResult | undefined, batchId: string): void {
  if (result === undefined) {
    waiting.reject(new ProviderTransientError(`anthropic-batch: batch ${batchId} ended without this request's result`, { provider: 'anthropic-batch', errorClass: 'missing_result' }));
  } else if (result instanceof Error) {
    waiting.reject(result);
  } else {
    waiting.resolve(result);
  }
}
