import { LlmRequestRepository, type AnswerRecorded, type ArrivedAnswer, type PrismaClient, type RequestFailure } from '@alkdrec/db';
import type { LlmRequestMeter } from './llm-request-meter';

/**
 * The request ledger with its transitions counted: every writer of a request's outcome in a
 * process (the worker's calls, the batch collector, the presence sweeps, the selector's sweep)
 * uses one of these over the same meter. The ledger's own answer says whether the row moved now,
 * so a retried write or a second writer of the same outcome counts nothing.
 */
export class MeteredLlmRequestLedger extends LlmRequestRepository {
  constructor(
    prisma: PrismaClient,
    readonly meter: LlmRequestMeter,
  ) {
    super(prisma);
  }

  override async answer(requestId: string, answer: ArrivedAnswer): Promise<AnswerRecorded> {
    const result = await super.answer(requestId, answer);
    if (result.recorded) this.meter.answered(requestId, answer);
    return result;
  }

  override async fail(requestId: string, failure: RequestFailure): Promise<boolean> {
    const recorded = await super.fail(requestId, failure);
    if (recorded) this.meter.failed(requestId, failure.faultClass);
    return recorded;
  }

  override async notAvailable(requestId: string, failure: Pick<RequestFailure, 'callKey' | 'owner' | 'message'>): Promise<void> {
    await super.notAvailable(requestId, failure);
    this.meter.closed(requestId);
  }

  override async markLost(filter: { callKey?: string; requestIds?: readonly string[] } = {}): Promise<number> {
    const lost = await super.markLost(filter);
    this.meter.lost(lost, filter.requestIds);
    return lost;
  }
}
