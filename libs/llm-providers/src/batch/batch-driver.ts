import { randomUUID } from 'node:crypto';
import { batchOwner, type LlmBatchRepository, type LlmCallOutcomeStatus, type LlmCallRepository } from '@alkdrec/db';
import type { PriceTable } from '@alkdrec/llm';
import { costOf } from '../cost/cost-of';
import { llmCallKey, llmCallPrompt } from '../llm-call-key';
import type { LlmAnswer, LlmRequest } from '../llm-provider';
import type { AnthropicBatchProvider, BatchItemResult } from './anthropic-batch-provider';

/** How a stored answer is judged: parsed content, or a parse failure (still paid for, so stored). */
export type InterpretAnswer = (key: string, answer: LlmAnswer) => { status: Extract<LlmCallOutcomeStatus, 'SUCCEEDED' | 'PARSE_FAILED'>; parsed?: unknown };

export interface BatchDriverOptions {
  provider: AnthropicBatchProvider;
  calls: LlmCallRepository;
  batches: LlmBatchRepository;
  /** Default: every answer SUCCEEDED with no parsed value (the caller parses later). */
  interpret?: InterpretAnswer;
  prices?: PriceTable;
  /** Who claims the calls before the batch is recorded; default a fresh id per driver. */
  owner?: string;
}

export interface BatchReport {
  batchId: string;
  requests: number;
  succeeded: number;
  parseFailed: number;
  /** Errored, expired or canceled requests: their calls are FAILED and may be claimed again. */
  failed: number;
  costUsd: number;
  /** Each call's result as collected, by call key (a request the batch has no result for is absent). */
  results: ReadonlyMap<string, BatchItemResult>;
}

export interface SubmitReport {
  /** Undefined when nothing needed sending. */
  batchId: string | undefined;
  submitted: string[];
  /** Keys with an outcome in the store already: not sent, not paid. */
  stored: string[];
  /** Keys another worker or batch holds right now: not sent. */
  inFlight: string[];
}

/**
 * Drives the Message Batches API over the response store. `submit` claims the calls (so no one
 * else sends them), sends the claimed ones as one batch whose custom ids are the call keys, and
 * records the batch id and custom ids in Postgres; `finish` polls until the batch has ended and
 * writes each result to its call by custom id. After a restart, `resume` finishes the batches the
 * database lists as in progress instead of sending their calls again. The only unprotected moment
 * is between the provider accepting a batch and the database recording it (one round trip): a
 * crash exactly there leaves a paid batch unrecorded, whose calls are then sent again after the
 * claim lease runs out.
 */
export class BatchDriver {
  /** Holds the claims of calls about to be sent; `batch:<id>` holds them once the batch is recorded. */
  readonly owner: string;

  constructor(private readonly options: BatchDriverOptions) {
    this.owner = options.owner ?? `batch-driver:${randomUUID()}`;
  }

  /** Submits, then waits for and writes the results; resumes older batches first. */
  async run(requests: readonly LlmRequest[], signal?: AbortSignal): Promise<{ resumed: BatchReport[]; submit: SubmitReport; report?: BatchReport }> {
    const resumed = await this.resume(signal);
    const submit = await this.submit(requests, signal);
    const report = submit.batchId === undefined ? undefined : await this.finish(submit.batchId, signal);
    return { resumed, submit, report };
  }

  async submit(calls: readonly LlmRequest[], signal?: AbortSignal): Promise<SubmitReport> {
    const { provider, calls: store } = this.options;
    const report: SubmitReport = { batchId: undefined, submitted: [], stored: [], inFlight: [] };
    const requests = new Map<string, LlmRequest>();
    for (const request of calls) {
      const key = llmCallKey(provider, request);
      if (requests.has(key)) continue; // the same prompt twice in one batch: send it once
      const claim = await store.claim(key, { provider: provider.name, model: provider.model, prompt: llmCallPrompt(provider, request), owner: this.owner });
      if (claim.kind === 'claimed') requests.set(key, request);
      else (claim.kind === 'stored' ? report.stored : report.inFlight).push(key);
    }
    if (requests.size === 0) return report;
    const batchId = await this.submitClaimed(requests, signal);
    return { ...report, batchId, submitted: [...requests.keys()] };
  }

  /**
   * Sends calls whose claims this driver's `owner` holds (call key → request) as one batch, records
   * it and hands the claims to the batch. On a refused submit the calls are FAILED and the error
   * is rethrown. For callers that claim the calls themselves, then transfer the claims to `owner`.
   */
  async submitClaimed(requests: ReadonlyMap<string, LlmRequest>, signal?: AbortSignal): Promise<string> {
    const { provider, calls: store } = this.options;
    let batchId: string;
    try {
      // The call key is a valid custom_id (64 hex characters), so results map back without a lookup.
      batchId = await provider.submit([...requests].map(([customId, request]) => ({ customId, request })), { signal });
    } catch (error) {
      const message = (error as Error).message;
      const errorClass = (error as { errorClass?: string }).errorClass ?? 'batch_submit_failed';
      for (const key of requests.keys()) await store.fail(key, this.owner, { errorClass, message });
      throw error;
    }
    await this.options.batches.recordSubmitted({
      batchId,
      provider: provider.name,
      model: provider.model,
      items: new Map([...requests.keys()].map((key) => [key, key])),
      claimOwner: this.owner,
    });
    return batchId;
  }

  /** Finishes every batch recorded as in progress for this provider and model. */
  async resume(signal?: AbortSignal): Promise<BatchReport[]> {
    const { provider, batches } = this.options;
    const reports: BatchReport[] = [];
    for (const batch of await batches.inProgress(provider.name, provider.model)) reports.push(await this.finish(batch.batchId, signal, batch.items));
    return reports;
  }

  /** Waits until the batch has ended, writes every result to its call, and marks the batch collected. */
  async finish(batchId: string, signal?: AbortSignal, items?: ReadonlyMap<string, string>): Promise<BatchReport> {
    const { provider, calls: store, batches } = this.options;
    const itemsByCustomId = items ?? (await batches.inProgress(provider.name, provider.model)).find((b) => b.batchId === batchId)?.items;
    if (itemsByCustomId === undefined) throw new Error(`batch ${batchId} is not recorded as in progress`);
    await provider.waitUntilEnded(batchId, { signal });
    const results = await provider.collect(batchId, { signal });
    const owner = batchOwner(batchId);
    const byKey = new Map<string, BatchItemResult>();
    const report: BatchReport = { batchId, requests: itemsByCustomId.size, succeeded: 0, parseFailed: 0, failed: 0, costUsd: 0, results: byKey };
    for (const [customId, key] of itemsByCustomId) {
      const result = results.get(customId);
      if (result !== undefined) byKey.set(key, result);
      if (result === undefined || result instanceof Error) {
        report.failed++;
        const errorClass = result?.errorClass ?? 'missing_result';
        await this.settle(() => store.fail(key, owner, { errorClass, message: result?.message ?? `batch ${batchId} has no result for ${customId}` }));
        continue;
      }
      const { status, parsed } = this.options.interpret?.(key, result) ?? { status: 'SUCCEEDED' as const };
      const costUsd = costOf(provider, result, this.options.prices);
      report.costUsd += costUsd;
      if (status === 'SUCCEEDED') report.succeeded++;
      else report.parseFailed++;
      await this.settle(() =>
        store.complete(key, owner, {
          status,
          rawAnswer: result.text,
          parsed,
          inputTokens: result.inputTokens,
          outputTokens: result.outputTokens,
          costUsd,
          latencyMs: result.latencyMs,
        }),
      );
    }
    await batches.markCollected(batchId);
    return report;
  }

  /** A result already written (a previous `finish` that crashed before marking the batch) is not an error. */
  private async settle(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if ((error as Error).name !== 'LlmCallNotClaimedError') throw error;
    }
  }
}
