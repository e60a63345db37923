import type { AnthropicBatchProvider, BatchItemResult, CompleteOptions, LlmAnswer, LlmProvider, LlmRequest } from '@alkdrec/llm-providers';
import { ProviderTransientError } from '@alkdrec/llm-providers';

interface Waiting {
  request: LlmRequest;
  resolve: (answer: LlmAnswer) => void;
  reject: (error: unknown) => void;
}

export interface CoalescingOptions {
  /** How long the first request of a batch waits for others to join it. */
  windowMs: number;
  /** Most requests in one batch (the API allows 100,000; smaller batches end sooner). */
  maxRequests: number;
}

/**
 * The batch provider as the worker's jobs use it: each job still asks for one completion, but the
 * requests that arrive within `windowMs` (the queue runs dozens of jobs at once) go to the Message
 * Batches API as ONE batch, polled once, and every job gets its own result back by custom id.
 * Without this each job would submit and poll a batch of one: the same half price, but hundreds
 * of batches to create and poll. Claims, budget and storage stay per job, as for any provider.
 */
export class CoalescingBatchProvider implements LlmProvider {
  readonly name = 'anthropic-batch' as const;
  private pending: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly batches: AnthropicBatchProvider,
    private readonly options: CoalescingOptions,
  ) {}

  get model(): string {
    return this.batches.model;
  }

  complete(request: LlmRequest, _options?: CompleteOptions): Promise<LlmAnswer> {
    return new Promise<LlmAnswer>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      if (this.pending.length >= this.options.maxRequests) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.windowMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) void this.send(batch);
  }

  private async send(batch: Waiting[]): Promise<void> {
    try {
      // Custom ids only have to be unique within the batch.
      const batchId = await this.batches.submit(batch.map((w, i) => ({ customId: `r${i}`, request: w.request })));
      await this.batches.waitUntilEnded(batchId);
      const results = await this.batches.collect(batchId);
      batch.forEach((waiting, i) => settle(waiting, results.get(`r${i}`), batchId));
    } catch (error) {
      // Submit, poll or collect failed as a whole: every job sees the same classified error.
      for (const waiting of batch) waiting.reject(error);
    }
  }
}

function settle(waiting: Waiting, result: BatchItemResult | undefined, batchId: string): void {
  if (result === undefined) {
    waiting.reject(new ProviderTransientError(`anthropic-batch: batch ${batchId} ended without this request's result`, { provider: 'anthropic-batch', errorClass: 'missing_result' }));
  } else if (result instanceof Error) waiting.reject(result);
  else waiting.resolve(result);
}
