import Anthropic from '@anthropic-ai/sdk';
import { MALFORMED_ANSWER } from '../answers';
import type { FaultKind } from '../faults';
import { messageText, userPrompt, type StartedFakeServer } from './fake-server-fixture';
import { rankingIds } from './ranking-prompt-fixture';

export type ClientOutcome = FaultKind | 'good';

export interface ClassifiedCall {
  outcome: ClientOutcome;
  text: string;
}

/**
 * Sends every prompt at once (in `order`) with the real SDK and tells what each client saw by the
 * SDK's error classes and the answer. Hanging calls are detected without a client timeout (which
 * a loaded machine could hit with a healthy call): once every call has either settled or is held
 * by the server as hanging, the server is closed, and the calls it cut count as hangs.
 * The server is closed on return.
 */
export async function classifyRankingCalls(
  fake: StartedFakeServer,
  prompts: readonly string[],
  candidates: readonly string[],
  order: readonly number[] = prompts.map((_, i) => i),
): Promise<ClassifiedCall[]> {
  const client = fake.anthropic({ timeout: 120_000 });
  const results = new Array<ClassifiedCall>(prompts.length);
  let settled = 0;
  const calls = order.map(async (i) => {
    results[i] = await classifyRankingCall(client, prompts[i] as string, candidates);
    settled++;
  });
  while (settled + fake.server.stats().hangingNow < prompts.length) await new Promise((resolve) => setTimeout(resolve, 10));
  await fake.server.close();
  await Promise.all(calls);
  return results;
}

async function classifyRankingCall(client: Anthropic, prompt: string, candidates: readonly string[]): Promise<ClassifiedCall> {
  try {
    const text = messageText(await client.messages.create(userPrompt(prompt)));
    if (text === MALFORMED_ANSWER) return { outcome: 'malformed', text };
    const ids = rankingIds(text);
    return { outcome: ids.some((id) => candidates.includes(id)) ? 'good' : 'off-candidate', text };
  } catch (error) {
    if (error instanceof Anthropic.RateLimitError) return { outcome: 'rate-limit-429', text: '' };
    if (error instanceof Anthropic.OverloadedError) return { outcome: 'overloaded-529', text: '' };
    if (error instanceof Anthropic.InternalServerError) return { outcome: 'server-error-500', text: '' };
    // Only the server's close() cuts connections here (see classifyRankingCalls).
    if (error instanceof Anthropic.APIConnectionError) return { outcome: 'hang', text: '' };
    throw error;
  }
}

export function countOutcomes(calls: readonly ClassifiedCall[]): Map<ClientOutcome, number> {
  const counts = new Map<ClientOutcome, number>();
  for (const { outcome } of calls) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return counts;
}
