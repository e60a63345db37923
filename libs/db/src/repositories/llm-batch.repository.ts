import type { PrismaClient } from '../../generated/prisma';

export interface RecordedBatch {
  batchId: string;
  provider: string;
  model: string;
  status: 'IN_PROGRESS' | 'COLLECTED';
  submittedAt: Date;
  /** custom_id → call key. */
  items: Map<string, string>;
}

/** The owner string of calls a batch carries: what `complete`/`fail` must be called with. */
export function batchOwner(batchId: string): string {
  return `batch:${batchId}`;
}

/**
 * What the batch driver needs to survive a restart: each submitted batch, its custom ids and the
 * call each answers. `recordSubmitted` also hands the calls' claims to the batch, so their lease
 * never lapses while the provider works on them (batches can take hours).
 */
export class LlmBatchRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async recordSubmitted(input: { batchId: string; provider: string; model: string; items: ReadonlyMap<string, string>; claimOwner: string }): Promise<void> {
    const keys = [...input.items.values()];
    await this.prisma.$transaction([
      this.prisma.llmBatch.create({ data: { id: input.batchId, provider: input.provider, model: input.model } }),
      this.prisma.llmBatchItem.createMany({
        data: [...input.items].map(([customId, callKey]) => ({ batchId: input.batchId, customId, callKey })),
      }),
      this.prisma.llmCall.updateMany({
        where: { key: { in: keys }, status: 'PENDING', claimedBy: input.claimOwner },
        data: { claimedBy: batchOwner(input.batchId), claimedAt: new Date() },
      }),
    ]);
  }

  /** Batches submitted and not yet collected, oldest first: the ones to resume after a restart. */
  async inProgress(provider: string, model: string): Promise<RecordedBatch[]> {
    const batches = await this.prisma.llmBatch.findMany({
      where: { provider, model, status: 'IN_PROGRESS' },
      include: { items: true },
      orderBy: { submittedAt: 'asc' },
    });
    return batches.map((batch) => ({
      batchId: batch.id,
      provider: batch.provider,
      model: batch.model,
      status: batch.status,
      submittedAt: batch.submittedAt,
      items: new Map(batch.items.map((item) => [item.customId, item.callKey])),
    }));
  }

  async markCollected(batchId: string): Promise<void> {
    await this.prisma.llmBatch.update({ where: { id: batchId }, data: { status: 'COLLECTED', collectedAt: new Date() } });
  }

  async count(): Promise<number> {
    return this.prisma.llmBatch.count();
  }
}
