import type { AnswerVerdict, LlmAnswer, LlmRequest } from '@alkdrec/llm-providers';
import type { CallContext, JudgeAnswer, LlmCalls } from './llm-calls';

/** A prompt and how to go on when its answer cannot be used: the corrective turn, and how many tries in all. */
export interface Conversation {
  first: LlmRequest;
  judge: JudgeAnswer;
  /** The follow-up user message after an unusable answer, sent in the same conversation. */
  corrective: (verdict: AnswerVerdict, answer: LlmAnswer) => string;
  maxAttempts: number;
}

interface Spent {
  /** What this job paid (0 when every answer came from the store). */
  costUsd: number;
  /** True when nothing was paid for: every answer used came from the store. */
  cached: boolean;
  /** Answers that produced the outcome (1, or more after corrective turns). */
  attempts: number;
}

export type ConversationOutcome =
  | ({ kind: 'usable'; verdict: AnswerVerdict } & Spent)
  | ({
      kind: 'unusable';
      verdict: AnswerVerdict;
      /** Every unusable answer was a stored failure whose retries are spent: asking again sends nothing new. */
      final: boolean;
    } & Spent)
  | ({ kind: 'not-available'; reason: string } & Spent)
  | ({ kind: 'budget-exhausted'; message: string } & Spent);

/**
 * One prompt through the store, budget and provider (LlmCalls), and while its answer cannot be used
 * (the caller's judge says so), one more turn with the corrective message in the same conversation,
 * up to `maxAttempts` answers (a recorded answer is not corrected: asking again returns the same
 * recording). Rankings and hints both go through here.
 */
export async function askUntilUsable(
  calls: LlmCalls,
  ctx: CallContext,
  conversation: Conversation,
  onAttempt?: (attempt: number) => Promise<void>,
): Promise<ConversationOutcome> {
  let request = conversation.first;
  const spent: Spent = { costUsd: 0, cached: true, attempts: 0 };
  let final = true;
  for (let attempt = 1; ; attempt++) {
    await onAttempt?.(attempt);
    const outcome = await calls.send(request, ctx, conversation.judge);
    if (outcome.kind === 'budget-exhausted') return { ...spent, kind: 'budget-exhausted', message: outcome.message, cached: spent.cached && spent.costUsd === 0 };
    if (outcome.kind === 'not-available') return { ...spent, kind: 'not-available', reason: outcome.reason, cached: false };
    spent.costUsd += outcome.costUsd;
    spent.cached &&= outcome.cached;
    spent.attempts = attempt;
    if (outcome.verdict.usable) return { ...spent, kind: 'usable', verdict: outcome.verdict };
    final &&= outcome.final;
    // A recording is the same whatever we say to it: a corrective turn cannot change it.
    if (attempt >= conversation.maxAttempts || outcome.answer.recorded !== undefined) {
      return { ...spent, kind: 'unusable', verdict: outcome.verdict, final: final || outcome.answer.recorded !== undefined };
    }
    request = {
      ...request,
      earlierTurns: [...(request.earlierTurns ?? []), { user: request.user, assistant: outcome.answer.text }],
      user: conversation.corrective(outcome.verdict, outcome.answer),
    };
  }
}
