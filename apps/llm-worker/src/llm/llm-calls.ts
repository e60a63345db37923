import { Logger } from '@nestjs/common';
import type { PriceTable } from '@alkdrec/llm';
import {
  costOf, llmCallKey, llmCallPrompt, maxCostOf, ProviderError, ProviderTransientError, type LlmProvider, type LlmRequest,
} from '@alkdrec/llm-providers';
import { BatchInterruptedError, batchIdOfOwner, CoalescingBatchProvider } from './coalescing-batch-provider';
import type { AnswerVerdict, CallClaim, LlmCallStore } from './llm-call-store';
import type { RunBudget } from './run-budget';

/** What one prompt turned into, from the caller's point of view. */
export type CallOutcome =
  | { kind: 'answer'; text: string; costUsd: number; cached: boolean }
  | { kind: 'not-available'; reason: string }
  | { kind: 'budget-exhausted'; message: string };

export interface CallContext {
  runId: string;
  /** The BullMQ job id: owner of the call's claim in the store. */
  owner: string;
}

/** How the caller reads an answer, so the store keeps the parse (or the parse failure) with it. */
export type JudgeAnswer = (text: string) => AnswerVerdict;

/**
 * Sends prompts the way the worker must: look the prompt up in the response store first (an
 * answer paid for before is reused for free), claim it so no other job sends it at the same time,
 * reserve its maximum cost on the run's budget, call the provider, then settle the billed cost and
 * store the answer. A failed call frees its claim and its reservation and rethrows the provider's
 * error unchanged: the queue decides between rate-limit delay, retry and giving up.
 *
 * With a recording batch provider (anthropic-batch in the worker) the provider stores each call's
 * outcome itself, under the recorded batch's claim; a call held by a recorded batch (one a stopped
 * worker submitted) is waited for, not sent again.
 */
export class LlmCalls {
  private readonly logger = new Logger(LlmCalls.name);
  private readonly batching: CoalescingBatchProvider | undefined;

  constructor(
    readonly provider: LlmProvider,
    private readonly store: LlmCallStore,
    private readonly budget: RunBudget,
    private readonly prices?: PriceTable,
  ) {
    this.batching = provider instanceof CoalescingBatchProvider && provider.records ? provider : undefined;
  }

  async send(request: LlmRequest, ctx: CallContext, judge: JudgeAnswer): Promise<CallOutcome> {
    const { provider } = this;
    const key = llmCallKey(provider, request);
    const claim = await this.claim(request, key, ctx.owner);
    if (claim.kind === 'answered') {
      await this.budget.recordCached(ctx.runId, key);
      return { kind: 'answer', text: claim.answer.text, costUsd: 0, cached: true };
    }
    if (claim.kind === 'not-available') return claim;
    if (claim.kind === 'busy') {
      // Another job sends this very prompt now; retrying after backoff finds its stored answer.
      throw new ProviderTransientError(`the same prompt is being sent by job ${claim.owner}; waiting for its answer`, {
        provider: provider.name,
        errorClass: 'claimed_elsewhere',
      });
    }

    const decision = await this.budget.reserve(ctx.runId, maxCostOf(provider, request, this.prices));
    if (decision.kind === 'exhausted') {
      await this.store.fail(key, ctx.owner, { errorClass: 'budget_exhausted', message: decision.message });
      return { kind: 'budget-exhausted', message: decision.message };
    }

    const { batching } = this;
    let completion;
    try {
      completion = batching ? await batching.sendClaimed(request, { key, owner: ctx.owner, judge }) : await provider.complete(request);
    } catch (error) {
      // A refused or failed request is not billed (a timed-out one might be: providers do not say).
      // A batch still running will bill its calls: their reservations stay open, the run's money counted.
      if (!(error instanceof BatchInterruptedError)) await this.budget.release(decision.hold);
      const errorClass = error instanceof ProviderError ? error.errorClass : (error as Error).name;
      const status = error instanceof ProviderError ? error.status : undefined;
      // One line per failed request: operators (and the bench) count faults by class from these.
      this.logger.warn({ msg: `llm call failed: ${errorClass}`, runId: ctx.runId, jobId: ctx.owner, errorClass, status });
      // The batch provider has stored the call's outcome (or left it with its running batch).
      if (!batching) await this.store.fail(key, ctx.owner, { errorClass, message: (error as Error).message });
      throw error;
    }
    if (completion.kind === 'not-available') {
      await this.budget.release(decision.hold);
      await this.store.notAvailable(key, ctx.owner, completion.reason);
      return completion;
    }
    const costUsd = costOf(provider, completion, this.prices);
    await this.budget.settle(decision.hold, costUsd, key);
    if (!batching) await this.store.complete(key, ctx.owner, { ...completion, costUsd }, judge(completion.text));
    this.logger.debug({ msg: 'llm call answered', runId: ctx.runId, jobId: ctx.owner, costUsd, latencyMs: completion.latencyMs });
    return { kind: 'answer', text: completion.text, costUsd, cached: false };
  }

  /** Claims the call; while a recorded batch holds it, waits for the batch's result instead of sending it again. */
  private async claim(request: LlmRequest, key: string, owner: string): Promise<CallClaim> {
    const { provider } = this;
    for (;;) {
      const claim = await this.store.claim({ key, provider: provider.name, model: provider.model, prompt: llmCallPrompt(provider, request), owner });
      const batchId = claim.kind === 'busy' ? batchIdOfOwner(claim.owner) : undefined;
      if (batchId === undefined || !this.batching) return claim;
      this.logger.log({ msg: `call held by batch ${batchId}: waiting for its result`, jobId: owner, batchId });
      // False: not in progress any more (its outcome is being written): claim again after the queue's backoff.
      if (!(await this.batching.awaitBatch(batchId))) return claim;
    }
  }
}

export const LLM_CALLS = Symbol('LLM_CALLS');
