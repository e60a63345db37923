import type { ArrivedAnswer } from '@alkdrec/db';
import type { AnswerVerdict, LlmAnswer } from './llm-provider';

/** An answer as the request ledger records it: the provider's answer, its billed cost and the caller's verdict. */
export function arrivedAnswer(callKey: string, answer: LlmAnswer, costUsd: number, verdict: AnswerVerdict): ArrivedAnswer {
  return {
    callKey,
    text: answer.text,
    inputTokens: answer.inputTokens,
    outputTokens: answer.outputTokens,
    costUsd,
    latencyMs: answer.latencyMs,
    usable: verdict.usable,
    parsed: verdict.parsed,
    ...(verdict.faultClass === undefined ? {} : { faultClass: verdict.faultClass }),
    ...(answer.recorded === undefined ? {} : { recorded: answer.recorded }),
  };
}
