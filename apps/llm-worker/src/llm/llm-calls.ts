import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import {
  withDbRetry, type ClaimResult, type DbRetryOptions, type LlmCallRecord, type LlmCallRepository, type LlmRequestRepository, type LlmRunBudget, type LlmRunRepository,
} from '@alkdrec/db';
import type { PriceTable } from '@alkdrec/llm';
import {
  arrivedAnswer, costOf, llmCallKey, llmCallPrompt, maxCostOf, ProviderError, ProviderTransientError, type AnswerVerdict, type LlmAnswer, type LlmProvider,
  type LlmRequest, type RecordedContent,
} from '@alkdrec/llm-providers';
import { UNKNOWN_KIND, type LlmRequestMeter } from '@alkdrec/service-kit';
import type { WorkerPresence } from './worker-presence';

/** What one prompt turned into, from the caller's point of view. */
export type CallOutcome =
  | { kind: 'answer'; answer: LlmAnswer; verdict: AnswerVerdict; costUsd: number; cached: boolean; /** A stored failure that is final: asking again sends nothing. */ final: boolean }
  | { kind: 'not-available'; reason: string }
  | { kind: 'budget-exhausted'; message: string };

export interface CallContext {
  runId: string;
  /** The BullMQ job id: owner of the call's claim in the store. */
  owner: string;
  /** Aborts when the worker shuts down: a job waiting for another's answer lets go (LlmWaitInterrupted). */
  signal?: AbortSignal;
  /** The job's name (rank, summarise): the `kind` of its requests in the metrics. */
  kind?: string;
}

/** How the caller reads an answer, so the store keeps the parse (or the parse failure) with it. */
export type JudgeAnswer = (answer: LlmAnswer) => AnswerVerdict;

/** The worker is shutting down while this job waited for another's answer: hand the job back, no attempt used. */
export class LlmWaitInterrupted extends Error {
  override readonly name = 'LlmWaitInterrupted';
}

export interface LlmCallsOptions {
  /** Limits of a run this worker creates (LLM_RUN_MAX_USD / LLM_RUN_MAX_CALLS). */
  defaultBudget: LlmRunBudget;
  /** LLM_PARSE_FAILED_RETRIES. */
  parseFailedRetries: number;
  /** How long to wait for another holder's answer before giving up for now (LLM_CLAIM_WAIT_MS). */
  claimWaitMs: number;
  /** How often to look again while waiting. */
  claimPollMs?: number;
  /** Counts each request sent (its outcomes are counted by the metered ledger sharing this meter). */
  meter?: LlmRequestMeter;
  /** How the ledger's writes are retried while the database is away (default: withDbRetry's, ~15 s). */
  writeRetry?: Pick<DbRetryOptions, 'attempts' | 'firstDelayMs'>;
  prices?: PriceTable;
}

export interface LlmCallsStores {
  calls: LlmCallRepository;
  requests: LlmRequestRepository;
  runs: LlmRunRepository;
  presence: WorkerPresence;
}

/**
 * Sends prompts the way the worker must, so that no answer is paid twice and none paid goes uncounted:
 * 1. look the prompt up in the response store and claim it: a stored answer is reused for free; a
 *    prompt another live worker is sending is waited for (its answer is then reused), one held by
 *    a dead worker is taken over (and that worker's request counted as lost);
 * 2. record the request in the ledger BEFORE sending it, reserving its maximum cost on the run
 *    (refused → budget-exhausted, nothing sent);
 * 3. call the provider, and record the outcome the moment it is known — the answer, its cost, the
 *    caller's verdict and the run's spending in one statement, retried while the database is away.
 * A failed request is recorded with its fault class and the provider's error rethrown unchanged:
 * the queue decides between rate-limit delay, retry and giving up.
 */
export class LlmCalls {
  private readonly logger = new Logger(LlmCalls.name);
  private readonly knownRuns = new Map<string, Promise<unknown>>();

  constructor(
    readonly provider: LlmProvider,
    private readonly stores: LlmCallsStores,
    private readonly options: LlmCallsOptions,
  ) {}

  async send(request: LlmRequest, ctx: CallContext, judge: JudgeAnswer): Promise<CallOutcome> {
    const { provider } = this;
    const { requests, presence } = this.stores;
    const key = llmCallKey(provider, request);
    await this.ensureRun(ctx.runId);
    const claim = await this.claimOrWait(request, key, ctx);
    if (claim.kind === 'stored') return this.reuse(claim.call, ctx, judge);
    if (claim.takeover === 'dead-holder') {
      const lost = await requests.markLost({ callKey: key });
      this.logger.warn({ msg: `took over a prompt from a dead worker (${lost} of its requests counted as lost)`, runId: ctx.runId, jobId: ctx.owner, lost });
    }

    const requestId = randomUUID();
    let answered = false;
    let recorded = false;
    presence.begin(requestId, key);
    try {
      const opened = await requests.open(
        { id: requestId, callKey: key, runId: ctx.runId, owner: ctx.owner, workerId: presence.id, estimatedUsd: maxCostOf(provider, request, this.options.prices) },
        this.stores.runs,
      );
      if (opened.kind === 'budget-exhausted') {
        await this.stores.calls.fail(key, ctx.owner, { errorClass: 'budget_exhausted', message: opened.message });
        return { kind: 'budget-exhausted', message: opened.message };
      }
      this.options.meter?.opened(requestId, ctx.kind ?? UNKNOWN_KIND);
      let completion;
      try {
        completion = await provider.complete(request, { ticket: { requestId, callKey: key, owner: ctx.owner, judge } });
      } catch (error) {
        await this.recordFailure(requestId, key, ctx, error);
        throw error;
      }
      if (completion.kind === 'not-available') {
        await this.record(requestId, 'a missing recording', () => requests.notAvailable(requestId, { callKey: key, owner: ctx.owner, message: completion.reason }));
        return completion;
      }
      const verdict = judge(completion);
      const costUsd = costOf(provider, completion, this.options.prices);
      answered = true;
      await this.record(requestId, 'an answer', () => requests.answer(requestId, arrivedAnswer(key, completion, costUsd, verdict)));
      recorded = true;
      this.logger.debug({ msg: 'llm call answered', runId: ctx.runId, jobId: ctx.owner, costUsd, latencyMs: completion.latencyMs });
      return { kind: 'answer', answer: completion, verdict, costUsd, cached: false, final: false };
    } finally {
      // An answer that arrived but could not be recorded was paid: it is counted as lost, never released as unsent.
      if (answered && !recorded) presence.unrecordedAnswer(requestId, key);
      else presence.end(requestId, key);
    }
  }

  /** A stored outcome: the run uses it at no cost (linked to the run for its accounts). */
  private async reuse(call: LlmCallRecord, ctx: CallContext, judge: JudgeAnswer): Promise<CallOutcome> {
    if (call.status === 'NOT_AVAILABLE') return { kind: 'not-available', reason: call.errorMessage ?? 'no recorded answer' };
    await this.stores.runs.recordStoredAnswer(ctx.runId, call.key);
    const answer: LlmAnswer = {
      kind: 'answer',
      text: call.rawAnswer ?? '',
      inputTokens: call.inputTokens,
      outputTokens: call.outputTokens,
      latencyMs: call.latencyMs ?? 0,
      ...(call.recorded === null || call.recorded === undefined ? {} : { recorded: call.recorded as RecordedContent }),
    };
    // Reaching here with a PARSE_FAILED call means its retries are spent: the failure is final.
    return { kind: 'answer', answer, verdict: judge(answer), costUsd: 0, cached: true, final: call.status === 'PARSE_FAILED' };
  }

  /**
   * Claims the call. While another live holder sends it, waits and claims again (its answer is then
   * stored and reused); a holder this provider can follow (a recorded batch) is followed instead.
   * Gives up for now (a transient error: the job is retried later) after `claimWaitMs`.
   */
  private async claimOrWait(request: LlmRequest, key: string, ctx: CallContext): Promise<Exclude<ClaimResult, { kind: 'in-flight' }>> {
    const { provider } = this;
    const { calls, presence } = this.stores;
    const prompt = llmCallPrompt(provider, request);
    const deadline = Date.now() + this.options.claimWaitMs;
    let waited = false;
    for (;;) {
      const claim = await calls.claim(key, {
        provider: provider.name,
        model: provider.model,
        prompt,
        owner: ctx.owner,
        worker: presence.id,
        parseFailedRetries: this.options.parseFailedRetries,
        reclaimOwn: !presence.sending(key),
      });
      if (claim.kind !== 'in-flight') return claim;
      const holder = claim.call.claimedBy ?? 'another worker';
      if (provider.awaitHolder && (await provider.awaitHolder(holder))) continue;
      if (Date.now() > deadline) {
        throw new ProviderTransientError(`the same prompt is being sent by ${holder}; no answer after ${Math.round(this.options.claimWaitMs / 1000)} s of waiting`, {
          provider: provider.name,
          errorClass: 'claimed_elsewhere',
        });
      }
      if (!waited) this.logger.log({ msg: `the same prompt is being sent by ${holder}: waiting for its answer`, runId: ctx.runId, jobId: ctx.owner });
      waited = true;
      try {
        await sleep(this.options.claimPollMs ?? 250, undefined, ctx.signal ? { signal: ctx.signal } : {});
      } catch {
        throw new LlmWaitInterrupted(`the worker is stopping while job ${ctx.owner} waited for another's answer`);
      }
    }
  }

  /** The provider refused or failed the request: recorded (unless a batch still carries it) and logged by class. */
  private async recordFailure(requestId: string, key: string, ctx: CallContext, error: unknown): Promise<void> {
    const faultClass = error instanceof ProviderError ? error.errorClass : (error as Error).name;
    const status = error instanceof ProviderError ? error.status : undefined;
    // One line per failed request: operators (and the bench) count faults by class from these.
    this.logger.warn({ msg: `llm call failed: ${faultClass}`, runId: ctx.runId, jobId: ctx.owner, errorClass: faultClass, status });
    if (error instanceof ProviderError && error.outcomePending) return; // a batch carries it: its collector records the outcome
    await this.record(requestId, 'a failure', () =>
      this.stores.requests.fail(requestId, {
        callKey: key,
        owner: ctx.owner,
        faultClass,
        message: (error as Error).message,
        ...(status === undefined ? {} : { httpStatus: status }),
      }),
    );
  }

  /** A ledger write, retried while the database is away (an outcome is never dropped for a moment without it). */
  private record<T>(requestId: string, what: string, write: () => Promise<T>): Promise<T> {
    return withDbRetry(write, {
      ...this.options.writeRetry,
      onRetry: (error, attempt) => this.logger.warn({ msg: `recording ${what} failed (try ${attempt}), trying again: ${(error as Error).message}`, requestId }),
    });
  }

  private ensureRun(runId: string): Promise<unknown> {
    let created = this.knownRuns.get(runId);
    if (!created) {
      created = this.stores.runs.getOrCreate(runId, this.options.defaultBudget);
      created.catch(() => this.knownRuns.delete(runId));
      this.knownRuns.set(runId, created);
    }
    return created;
  }
}

export const LLM_CALLS = Symbol('LLM_CALLS');
