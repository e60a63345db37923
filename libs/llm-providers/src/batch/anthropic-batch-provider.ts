import { PROVIDER_TRAITS } from '@alkdrec/contracts';
import type Anthropic from '@anthropic-ai/sdk';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAnthropicClient, type AnthropicProviderOptions } from '../anthropic/anthropic-provider';
import { anthropicMessageText } from '../anthropic/anthropic-message-text';
import { anthropicMessageParams } from '../anthropic/anthropic-params';
import { fromAnthropicSdkError } from '../anthropic/anthropic-sdk-errors';
import { ProviderPermanentError, ProviderTransientError, type ProviderError } from '../errors/provider-errors';
import { classifyHttpFailure, transportFailure } from '../errors/classify-http-error';
import type { CompleteOptions, LlmAnswer, LlmProvider, LlmRequest, ProviderTraits } from '../llm-provider';

export interface BatchRequest {
  /** 1–64 characters of [a-zA-Z0-9_-], unique in the batch: how its result is found again. */
  customId: string;
  request: LlmRequest;
}

export interface BatchStatus {
  batchId: string;
  /** `ended` once every request has a result (succeeded, errored, canceled or expired). */
  ended: boolean;
  counts: { processing: number; succeeded: number; errored: number; canceled: number; expired: number };
}

/** A batch as the provider lists it: enough to find one whose create we never heard back from. */
export interface BatchSummary {
  batchId: string;
  createdAt: Date;
  /** Requests in the batch (every count summed). */
  requests: number;
  ended: boolean;
}

/** A request's outcome in an ended batch. Latency is the batch's, so not per request: 0. */
export type BatchItemResult = LlmAnswer | ProviderError;

export interface AnthropicBatchProviderOptions extends AnthropicProviderOptions {
  /** How long `complete` waits between polls of its one-request batch. Default 5 s. */
  pollIntervalMs?: number;
}

/**
 * Anthropic's Message Batches API, billed at half the standard price: `submit` a batch of requests,
 * `poll` it, `collect` its results by custom id once it has ended. `complete` runs a batch of one
 * (half price, slow), so the provider also fits the common interface; throughput comes from
 * `BatchingAnthropicProvider`, which gathers many jobs' requests into one recorded batch.
 */
export class AnthropicBatchProvider implements LlmProvider {
  readonly name = 'anthropic-batch' as const;
  readonly model: string;
  readonly traits: ProviderTraits = PROVIDER_TRAITS['anthropic-batch'];
  private readonly client: Anthropic;
  private readonly pollIntervalMs: number;

  constructor(options: AnthropicBatchProviderOptions) {
    this.model = options.model;
    this.client = createAnthropicClient(options);
    this.pollIntervalMs = options.pollIntervalMs ?? 5000;
  }

  async submit(requests: readonly BatchRequest[], options: CompleteOptions = {}): Promise<string> {
    if (requests.length === 0) throw new RangeError('a message batch needs at least one request');
    try {
      const batch = await this.client.messages.batches.create(
        { requests: requests.map(({ customId, request }) => ({ custom_id: customId, params: anthropicMessageParams(this.model, request) })) },
        { signal: options.signal },
      );
      return batch.id;
    } catch (error) {
      throw fromAnthropicSdkError(this.name, error);
    }
  }

  async poll(batchId: string, options: CompleteOptions = {}): Promise<BatchStatus> {
    try {
      const batch = await this.client.messages.batches.retrieve(batchId, {}, { signal: options.signal });
      return {
        batchId,
        ended: batch.processing_status === 'ended',
        counts: {
          processing: batch.request_counts.processing,
          succeeded: batch.request_counts.succeeded,
          errored: batch.request_counts.errored,
          canceled: batch.request_counts.canceled,
          expired: batch.request_counts.expired,
        },
      };
    } catch (error) {
      throw fromAnthropicSdkError(this.name, error);
    }
  }

  /** The account's batches created at or after `since`, newest first (the API lists newest first). */
  async listSince(since: Date, options: CompleteOptions = {}): Promise<BatchSummary[]> {
    const found: BatchSummary[] = [];
    try {
      for await (const batch of this.client.messages.batches.list({ limit: 100 }, { signal: options.signal })) {
        const createdAt = new Date(batch.created_at);
        if (createdAt < since) break;
        const counts = batch.request_counts;
        found.push({
          batchId: batch.id,
          createdAt,
          requests: counts.processing + counts.succeeded + counts.errored + counts.canceled + counts.expired,
          ended: batch.processing_status === 'ended',
        });
      }
    } catch (error) {
      throw fromAnthropicSdkError(this.name, error);
    }
    return found;
  }

  /** Every request's result, by custom id. Only valid once `poll` says the batch has ended. */
  async collect(batchId: string, options: CompleteOptions = {}): Promise<Map<string, BatchItemResult>> {
    const results = new Map<string, BatchItemResult>();
    try {
      const lines = await this.client.messages.batches.results(batchId, {}, { signal: options.signal });
      for await (const line of lines) results.set(line.custom_id, this.itemResult(line.result));
    } catch (error) {
      throw fromAnthropicSdkError(this.name, error);
    }
    return results;
  }

  /** Runs a batch of one request to its end. */
  async complete(request: LlmRequest, options: CompleteOptions = {}): Promise<LlmAnswer> {
    const batchId = await this.submit([{ customId: 'single', request }], options);
    await this.waitUntilEnded(batchId, options);
    const result = (await this.collect(batchId, options)).get('single');
    if (result === undefined) throw new ProviderTransientError(`${this.name}: batch ${batchId} ended without a result`, { provider: this.name, errorClass: 'missing_result' });
    if (result instanceof Error) throw result;
    return result;
  }

  async waitUntilEnded(batchId: string, options: CompleteOptions = {}): Promise<BatchStatus> {
    for (;;) {
      const status = await this.poll(batchId, options);
      if (status.ended) return status;
      try {
        await sleep(this.pollIntervalMs, undefined, { signal: options.signal });
      } catch (error) {
        // Aborted between polls: the batch goes on at the provider; its id is the caller's to resume.
        throw transportFailure(this.name, 'aborted', `stopped waiting for batch ${batchId}`, error);
      }
    }
  }

  private itemResult(result: Anthropic.Messages.MessageBatchResult): BatchItemResult {
    switch (result.type) {
      case 'succeeded':
        return {
          kind: 'answer',
          text: anthropicMessageText(result.message),
          inputTokens: result.message.usage.input_tokens,
          outputTokens: result.message.usage.output_tokens,
          latencyMs: 0,
        };
      case 'errored': {
        const body = result.error as { error?: { type?: string; message?: string } };
        return classifyHttpFailure({
          provider: this.name,
          status: statusOfErrorType(body.error?.type),
          errorClass: body.error?.type,
          message: body.error?.message ?? 'batch request errored',
        });
      }
      case 'expired':
        // Not processed within the batch's 24 h: worth submitting again.
        return new ProviderTransientError(`${this.name}: batch request expired before it was processed`, { provider: this.name, errorClass: 'expired' });
      case 'canceled':
        return new ProviderPermanentError(`${this.name}: batch request was canceled`, { provider: this.name, errorClass: 'canceled' });
    }
  }
}

/** Batch results carry the error type but no status; this is the status the same error has on /v1/messages. */
function statusOfErrorType(type: string | undefined): number {
  const statuses: Record<string, number> = {
    invalid_request_error: 400,
    authentication_error: 401,
    billing_error: 402,
    permission_error: 403,
    not_found_error: 404,
    request_too_large: 413,
    rate_limit_error: 429,
    api_error: 500,
    overloaded_error: 529,
  };
  return (type !== undefined ? statuses[type] : undefined) ?? 500;
}
