import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeLlmServerOptions } from './options';
import { classifyRankingCalls } from './testing/classify-outcome';
import { startFakeServer } from './testing/fake-server-fixture';
import { candidateIds, rankingPromptText } from './testing/ranking-prompt-fixture';

const candidates = candidateIds(50);
const prompts = Array.from({ length: 120 }, (_, i) => rankingPromptText({ sessionIds: [`s${i % 60}`, `t${i}`], candidateIds: candidates }));

/** Sends every prompt concurrently (in the given order) and returns outcome and text per prompt index. */
async function run(options: FakeLlmServerOptions, order: readonly number[]): Promise<string[]> {
  const fake = await startFakeServer({ faults: { 'rate-limit-429': 0.15, hang: 0.05, malformed: 0.1 }, latencyMs: { kind: 'uniform', minMs: 0, maxMs: 30 }, ...options });
  const calls = await classifyRankingCalls(fake, prompts, candidates, order);
  return calls.map(({ outcome, text }) => `${outcome} ${text}`);
}

describe('a seed makes a run repeat', () => {
  it('gives every prompt the same fault and answer for the same seed, whatever the arrival order', async () => {
    const forward = prompts.map((_, i) => i);
    const a = await run({ seed: 5 }, forward);
    const b = await run({ seed: 5 }, [...forward].reverse());
    assert.deepEqual(a, b);
    const c = await run({ seed: 6 }, forward);
    assert.notDeepEqual(a, c);
    for (const outcome of ['good', 'rate-limit-429', 'hang', 'malformed']) assert.ok(a.some((r) => r.startsWith(outcome)), outcome);
  });
});
