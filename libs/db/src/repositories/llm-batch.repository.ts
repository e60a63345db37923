import type { PrismaClient } from '../../generated/prisma';

/** One request of a batch: its custom_id, the call it answers and the ledger row that pays for it. */
export interface BatchItem {
  customId: string;
  callKey: string;
  /** Null only for batches recorded before requests were. */
  requestId: string | null;
}

export interface RecordedBatch {
  /** Ours, chosen before submitting. */
  batchId: string;
  /** The provider's id; null while SUBMITTING (the provider's answer to the create is not recorded). */
  providerBatchId: string | null;
  provider: string;
  model: string;
  status: 'SUBMITTING' | 'IN_PROGRESS' | 'COLLECTED' | 'ABANDONED';
  submittedAt: Date;
  items: BatchItem[];
}

/** A request to put into a batch; its call is claimed by `owner` now and moves to the batch. */
export interface BatchIntentItem extends BatchItem {
  requestId: string;
  owner: string;
}

/** The owner string of calls a batch carries: what their claims are held by while it runs. */
export function batchOwner(batchId: string): string {
  return `batch:${batchId}`;
}

/** The batch id of a `batch:<id>` owner, or undefined for any other owner. */
export function batchIdOfOwner(owner: string): string | undefined {
  const prefix = batchOwner('');
  return owner.startsWith(prefix) ? owner.slice(prefix.length) : undefined;
}

/**
 * Message Batches in Postgres, recorded before the provider is asked to create them: `recordIntent`
 * (SUBMITTING) → `confirm` with the provider's id (IN_PROGRESS) → `markCollected` once every result
 * is stored, or `abandon` when the batch was never created. The calls' claims move to the batch
 * (`batch:<id>`) with the intent, so no one sends them while the batch may exist; a crash at any
 * point leaves a record that the next worker resumes (IN_PROGRESS) or reconciles from the
 * provider's batch list (SUBMITTING: the custom ids are the call keys).
 */
export class LlmBatchRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Records the batch about to be submitted, in one transaction: each item's call claim moves from
   * its owner to the batch, and only items whose claim moved are recorded (a claim taken over in
   * the meantime is not ours to send). Returns the request ids recorded.
   */
  async recordIntent(input: { batchId: string; provider: string; model: string; items: readonly BatchIntentItem[] }): Promise<Set<string>> {
    const holder = batchOwner(input.batchId);
    return this.prisma.$transaction(async (tx) => {
      const moved: BatchIntentItem[] = [];
      for (const item of input.items) {
        const { count } = await tx.llmCall.updateMany({
          where: { key: item.callKey, status: 'PENDING', claimedBy: item.owner },
          data: { claimedBy: holder, claimedWorker: null, claimedAt: new Date() },
        });
        if (count === 1) moved.push(item);
      }
      await tx.llmBatch.create({ data: { id: input.batchId, provider: input.provider, model: input.model, status: 'SUBMITTING' } });
      if (moved.length > 0) {
        await tx.llmBatchItem.createMany({
          data: moved.map(({ customId, callKey, requestId }) => ({ batchId: input.batchId, customId, callKey, requestId })),
        });
        await tx.llmRequest.updateMany({ where: { id: { in: moved.map((m) => m.requestId) } }, data: { batchId: input.batchId } });
      }
      return new Set(moved.map((m) => m.requestId));
    });
  }

  /** The provider accepted the batch under `providerBatchId`. */
  async confirm(batchId: string, providerBatchId: string): Promise<void> {
    await this.prisma.llmBatch.update({ where: { id: batchId }, data: { status: 'IN_PROGRESS', providerBatchId } });
  }

  /** The batch was never created (refused, or reconciliation found none): its items are the caller's to fail. */
  async abandon(batchId: string): Promise<void> {
    await this.prisma.llmBatch.update({ where: { id: batchId }, data: { status: 'ABANDONED', collectedAt: new Date() } });
  }

  async markCollected(batchId: string): Promise<void> {
    await this.prisma.llmBatch.update({ where: { id: batchId }, data: { status: 'COLLECTED', collectedAt: new Date() } });
  }

  /** Batches that may still answer (SUBMITTING or IN_PROGRESS), oldest first: the ones to resume after a restart. */
  async open(provider: string, model: string): Promise<RecordedBatch[]> {
    const batches = await this.prisma.llmBatch.findMany({
      where: { provider, model, status: { in: ['SUBMITTING', 'IN_PROGRESS'] } },
      include: { items: true },
      orderBy: { submittedAt: 'asc' },
    });
    return batches.map((batch) => ({
      batchId: batch.id,
      providerBatchId: batch.providerBatchId,
      provider: batch.provider,
      model: batch.model,
      status: batch.status,
      submittedAt: batch.submittedAt,
      items: batch.items.map(({ customId, callKey, requestId }) => ({ customId, callKey, requestId })),
    }));
  }

  /** Whether any batch of ours already has this provider id (a reconciled intent must not adopt another's batch). */
  async isRecorded(providerBatchId: string): Promise<boolean> {
    return (await this.prisma.llmBatch.count({ where: { providerBatchId } })) > 0;
  }

  async count(): Promise<number> {
    return this.prisma.llmBatch.count();
  }
}
