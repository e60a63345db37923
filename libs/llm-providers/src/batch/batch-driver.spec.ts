import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, LlmBatchRepository, LlmCallRepository, type TestDatabase } from '@alkdrec/db';
import { FakeLlmServer } from '@alkdrec/fake-llm';
import { costOf } from '../cost/cost-of';
import { ProviderTransientError } from '../errors/provider-errors';
import { llmCallKey } from '../llm-call-key';
import type { LlmRequest } from '../llm-provider';
import { closedPortUrl } from '../testing/canned-http-server';
import { AnthropicBatchProvider } from './anthropic-batch-provider';
import { BatchDriver } from './batch-driver';

let db: TestDatabase;
let server: FakeLlmServer;
let url: string;

before(async () => {
  db = await createTestDatabase();
  server = new FakeLlmServer({
    batchProcessingMs: 200,
    schedule: [{ fault: 'overloaded-529', count: 1, endpoint: 'batch-item', promptIncludes: 'overloaded-once' }],
  });
  url = await server.start();
});
after(async () => {
  await server.close();
  await db.drop();
});

/** A fresh provider and driver, as a restarted process would build them. */
function startProcess(): { provider: AnthropicBatchProvider; driver: BatchDriver; calls: LlmCallRepository; batches: LlmBatchRepository } {
  const provider = new AnthropicBatchProvider({ apiKey: 'sk-test', model: 'claude-haiku-4-5', baseUrl: url, timeoutMs: 5000, pollIntervalMs: 50 });
  const calls = new LlmCallRepository(db.prisma);
  const batches = new LlmBatchRepository(db.prisma);
  const driver = new BatchDriver({
    provider,
    calls,
    batches,
    // The fake server answers these summary prompts with text; an empty answer would be a parse failure.
    interpret: (_key, answer) => (answer.text.trim() !== '' ? { status: 'SUCCEEDED', parsed: { length: answer.text.length } } : { status: 'PARSE_FAILED' }),
  });
  return { provider, driver, calls, batches };
}

const requests: LlmRequest[] = ['alpha', 'beta', 'gamma', 'overloaded-once'].map((word) => ({ user: `Summarise: ${word}`, maxTokens: 100 }));

describe('BatchDriver', () => {
  it('creates one batch, survives a restart by resuming it, and never sends a call twice', async () => {
    const first = startProcess();
    const submitted = await first.driver.submit(requests);
    assert.ok(submitted.batchId !== undefined);
    assert.equal(submitted.submitted.length, 4);
    assert.equal(server.stats().batches.created, 1);
    const recorded = await first.batches.inProgress('anthropic-batch', 'claude-haiku-4-5');
    assert.deepEqual(recorded.map((b) => b.batchId), [submitted.batchId]);
    assert.deepEqual([...recorded[0]!.items.values()].sort(), requests.map((r) => llmCallKey(first.provider, r)).sort());

    // "Crash": the first process is gone before it polled. A new one must not resubmit the calls.
    const second = startProcess();
    const again = await second.driver.submit(requests);
    assert.equal(again.batchId, undefined);
    assert.equal(again.inFlight.length, 4, 'the calls are held by the recorded batch');
    const [report, ...more] = await second.driver.resume();
    assert.equal(more.length, 0);
    assert.deepEqual(
      { batchId: report?.batchId, requests: report?.requests, failed: report?.failed, succeeded: report?.succeeded },
      { batchId: submitted.batchId, requests: 4, failed: 1, succeeded: 3 },
    );
    assert.equal(server.stats().batches.created, 1, 'no duplicate batch');
    assert.deepEqual(await second.batches.inProgress('anthropic-batch', 'claude-haiku-4-5'), []);

    const stored = await second.calls.findByKeys(requests.map((r) => llmCallKey(second.provider, r)));
    const byUser = new Map(stored.map((call) => [(call.prompt as { messages: Array<{ content: string }> }).messages[0]?.content, call]));
    const alpha = byUser.get('Summarise: alpha');
    assert.ok(alpha !== undefined && alpha.rawAnswer !== null && alpha.status === 'SUCCEEDED');
    assert.deepEqual(alpha.parsed, { length: alpha.rawAnswer.length });
    assert.equal(
      alpha.costUsd,
      Number(costOf(second.provider, { kind: 'answer', text: '', inputTokens: alpha.inputTokens, outputTokens: alpha.outputTokens, latencyMs: 0 }).toFixed(9)),
    );
    const overloaded = byUser.get('Summarise: overloaded-once');
    assert.equal(overloaded?.status, 'FAILED');
    assert.equal(overloaded?.errorClass, 'overloaded_error');
    assert.equal(overloaded?.claimedBy, null);
    assert.ok(report !== undefined && report.costUsd > 0);
  });

  it('sends only what the store has no answer for: the failed call goes in a new batch, answered calls never again', async () => {
    const third = startProcess();
    const { resumed, submit, report } = await third.driver.run(requests);
    assert.deepEqual(resumed, []);
    assert.equal(submit.stored.length, 3);
    assert.equal(submit.submitted.length, 1);
    assert.equal(report?.succeeded, 1);
    assert.equal(server.stats().batches.created, 2);
    assert.equal(server.stats().batches.requests, 5, '4 in the first batch + the 1 retried');

    const nothing = await third.driver.run(requests);
    assert.equal(nothing.submit.batchId, undefined);
    assert.equal(nothing.submit.stored.length, 4);
    assert.equal(server.stats().batches.created, 2);
  });

  it('sends a prompt listed twice once', async () => {
    const { driver } = startProcess();
    const twice = { user: 'Summarise: twice', maxTokens: 100 };
    const { submit } = await driver.run([twice, twice]);
    assert.equal(submit.submitted.length, 1);
  });

  it('stores an unusable answer as PARSE_FAILED with its text and cost, and does not send it again', async () => {
    const { provider, calls, batches } = startProcess();
    const driver = new BatchDriver({ provider, calls, batches, interpret: () => ({ status: 'PARSE_FAILED' }) });
    const request = { user: 'Summarise: unusable', maxTokens: 100 };
    const { report } = await driver.run([request]);
    assert.equal(report?.parseFailed, 1);
    const call = await calls.findByKey(llmCallKey(provider, request));
    assert.equal(call?.status, 'PARSE_FAILED');
    assert.ok(call?.rawAnswer && call.costUsd > 0);
    const created = server.stats().batches.created;
    assert.deepEqual((await driver.run([request])).submit.stored, [call.key]);
    assert.equal(server.stats().batches.created, created);
  });

  it('fails its claims when the batch cannot be submitted, so the calls can be sent later', async () => {
    const { calls, batches } = startProcess();
    const unreachable = new AnthropicBatchProvider({ apiKey: 'sk-test', model: 'claude-haiku-4-5', baseUrl: await closedPortUrl(), timeoutMs: 2000 });
    const driver = new BatchDriver({ provider: unreachable, calls, batches });
    const request = { user: 'Summarise: unreachable', maxTokens: 100 };
    await assert.rejects(driver.submit([request]), ProviderTransientError);
    const call = await calls.findByKey(llmCallKey(unreachable, request));
    assert.equal(call?.status, 'FAILED');
    assert.equal(call?.errorClass, 'ECONNREFUSED');
    assert.equal((await calls.claim(call.key, { provider: 'anthropic-batch', model: 'claude-haiku-4-5', prompt: call.prompt, owner: 'later' })).kind, 'claimed');
  });
});
