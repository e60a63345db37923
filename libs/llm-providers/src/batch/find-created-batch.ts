import { setTimeout as sleep } from 'node:timers/promises';
import type { LlmBatchRepository, RecordedBatch } from '@alkdrec/db';
import type { AnthropicBatchProvider } from './anthropic-batch-provider';

export interface FindCreatedBatchOptions {
  api: AnthropicBatchProvider;
  batches: Pick<LlmBatchRepository, 'isRecorded'>;
  /** Epoch ms after which a batch that has not appeared was never created. */
  deadline: number;
  /** Pause between looks at the provider's batch list. */
  pollMs: number;
  signal: AbortSignal;
}

/**
 * The provider's batch for an intent whose create was never answered: a batch of the same size,
 * created after the intent was recorded, not recorded as any other of ours, whose results carry
 * exactly the intent's custom ids (our call keys, so no other batch can match). Custom ids are only
 * visible in results, so candidates are waited for until they end. Returns the provider's id, or
 * undefined when none has appeared by the deadline (the batch was never created).
 */
export async function findCreatedBatch(record: RecordedBatch, options: FindCreatedBatchOptions): Promise<string | undefined> {
  const { api, signal } = options;
  const wanted = new Set(record.items.map((item) => item.customId));
  const rejected = new Set<string>();
  // A little before the intent: the provider's clock need not agree with ours.
  const since = new Date(record.submittedAt.getTime() - 60_000);
  for (;;) {
    const candidates = (await api.listSince(since, { signal })).filter((b) => b.requests === wanted.size && !rejected.has(b.batchId));
    for (const candidate of candidates) {
      if (await options.batches.isRecorded(candidate.batchId)) {
        rejected.add(candidate.batchId);
        continue;
      }
      await api.waitUntilEnded(candidate.batchId, { signal });
      const results = await api.collect(candidate.batchId, { signal });
      if (results.size === wanted.size && [...results.keys()].every((id) => wanted.has(id))) return candidate.batchId;
      rejected.add(candidate.batchId);
    }
    if (Date.now() > options.deadline) return undefined;
    await sleep(options.pollMs, undefined, { signal });
  }
}
