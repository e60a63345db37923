import { LlmCallRepository, type LlmCallRecord, type PrismaClient } from '@alkdrec/db';
import type { AnswerVerdict, CallClaim, CallClaimRequest, CallFailure, LlmCallStore, StoredAnswer } from './llm-call-store';

/**
 * The response store in PostgreSQL (LlmCallRepository): claims are atomic across every worker
 * process and survive restarts, so a prompt is paid for once, ever. A claim left by a crashed
 * worker is taken back by the same job's retry (same owner) or by anyone after its lease.
 */
export class PrismaCallStore implements LlmCallStore {
  private readonly calls: LlmCallRepository;

  constructor(prisma: PrismaClient) {
    this.calls = new LlmCallRepository(prisma);
  }

  async claim({ key, provider, model, prompt, owner }: CallClaimRequest): Promise<CallClaim> {
    const result = await this.calls.claim(key, { provider, model, prompt, owner });
    if (result.kind === 'claimed') return { kind: 'claimed' };
    if (result.kind === 'in-flight') return { kind: 'busy', owner: result.call.claimedBy ?? 'another worker' };
    if (result.call.status === 'NOT_AVAILABLE') return { kind: 'not-available', reason: result.call.errorMessage ?? 'no recorded answer' };
    return { kind: 'answered', answer: storedAnswer(result.call) };
  }

  async complete(key: string, owner: string, answer: StoredAnswer, verdict: AnswerVerdict): Promise<void> {
    await this.calls.complete(key, owner, {
      status: verdict.usable ? 'SUCCEEDED' : 'PARSE_FAILED',
      rawAnswer: answer.text,
      parsed: verdict.parsed,
      inputTokens: answer.inputTokens,
      outputTokens: answer.outputTokens,
      costUsd: answer.costUsd,
      latencyMs: answer.latencyMs,
    });
  }

  async notAvailable(key: string, owner: string, _reason: string): Promise<void> {
    await this.calls.complete(key, owner, { status: 'NOT_AVAILABLE' });
  }

  async fail(key: string, owner: string, failure: CallFailure): Promise<void> {
    await this.calls.fail(key, owner, failure);
  }
}

function storedAnswer(call: LlmCallRecord): StoredAnswer {
  return {
    text: call.rawAnswer ?? '',
    inputTokens: call.inputTokens,
    outputTokens: call.outputTokens,
    costUsd: call.costUsd,
    latencyMs: call.latencyMs ?? 0,
  };
}
