import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LlmCallRepository, LlmRequestRepository, LlmRunRepository, LlmWorkerRepository } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import {
  AnthropicProvider,
  llmCallKey,
  llmCallPrompt,
  type AnswerVerdict,
  type LlmRequest,
} from '@alkdrec/llm-providers';
import { startFakeLlm, type FakeLlmProcess } from '@alkdrec/llm-providers/testing';
import { captureNestLogs } from '@alkdrec/service-kit/testing';
import { startTestLlmCalls } from '../testing/test-llm-calls';
import { TEST_MODEL } from '../testing/ranking-harness';
import type { LlmCalls } from './llm-calls';
import type { WorkerPresence } from './worker-presence';

const logs = captureNestLogs();
const usable = (): AnswerVerdict => ({ usable: true, parsed: null });
/** The fake server's malformed answer contains no digits: call that unusable, as the ranking parser would. */
const digitsOnly = (answer: { text: string }): AnswerVerdict => (/\d/.test(answer.text) ? { usable: true, parsed: null } : { usable: false, parsed: null, faultClass: 'unparseable' });

/**
 * LlmCalls over PostgreSQL and the SIMULATED Anthropic server (the real SDK): the promises a paying
 * user depends on — a prompt shared by sessions is asked once, a dead worker's claim is taken over
 * at once and its request counted as lost, an arrived answer survives a failing database write,
 * and a parse failure is asked again, boundedly.
 */
describe('LlmCalls: never pay twice, never lose count', () => {
  let db: TestDatabase;
  let fake: FakeLlmProcess;
  const presences: WorkerPresence[] = [];

  before(async () => {
    db = await createTestDatabase();
    fake = await startFakeLlm(['--latency-ms', '400', '--schedule', 'malformed:2:messages:reask me']);
  });
  after(async () => {
    for (const presence of presences) await presence.stop();
    await fake.stop();
    await db.drop();
    logs.restore();
  });

  const provider = () => new AnthropicProvider({ apiKey: 'k', model: TEST_MODEL, baseUrl: fake.url, timeoutMs: 5_000 });
  async function worker(settings: Parameters<typeof startTestLlmCalls>[2] = {}): Promise<LlmCalls> {
    const started = await startTestLlmCalls(db.prisma, provider(), settings);
    presences.push(started.presence);
    return started.calls;
  }
  const request = (user: string): LlmRequest => ({ user, maxTokens: 100, scope: { promptVersion: 'test-1' } });
  const requestsOf = (runId: string) => db.prisma.llmRequest.findMany({ where: { runId } });

  it('asks a prompt shared by two sessions once: the second job waits for the answer instead of failing', async () => {
    const calls = await worker({ LLM_CLAIM_WAIT_MS: 20_000 });
    const before = (await fake.stats()).requests['messages'] ?? 0;
    const [a, b] = await Promise.all([
      calls.send(request('Rank for two sessions with the same items.'), { runId: 'shared', owner: 'job-row-1' }, usable),
      calls.send(request('Rank for two sessions with the same items.'), { runId: 'shared', owner: 'job-row-2' }, usable),
    ]);
    assert.equal(a.kind, 'answer');
    assert.equal(b.kind, 'answer');
    assert.deepEqual([a.kind === 'answer' && a.cached, b.kind === 'answer' && b.cached].sort(), [false, true]);
    assert.equal((await fake.stats()).requests['messages'], before + 1, 'one request for both sessions');
    assert.equal((await requestsOf('shared')).length, 1);
  });

  it("takes over the prompt of a worker that died mid-request within its lease, counting the dead one's request as lost", async () => {
    const text = 'Rank for a session whose worker was killed.';
    const runs = new LlmRunRepository(db.prisma);
    await runs.getOrCreate('killed', {});
    // What a SIGKILLed worker leaves behind: registered (lease 1 s), its claim and its SENT request.
    const dead = `dead-${randomUUID()}`;
    await new LlmWorkerRepository(db.prisma).register({ id: dead, host: 'h', pid: 1, provider: 'anthropic', model: TEST_MODEL, leaseMs: 1_000 });
    const p = provider();
    const key = llmCallKey(p, request(text));
    await new LlmCallRepository(db.prisma).claim(key, { provider: p.name, model: p.model, prompt: llmCallPrompt(p, request(text)), owner: 'job-killed', worker: dead });
    await new LlmRequestRepository(db.prisma).open({ id: randomUUID(), callKey: key, runId: 'killed', owner: 'job-killed', workerId: dead, estimatedUsd: 0.01 }, runs);

    const calls = await worker({ LLM_CLAIM_WAIT_MS: 20_000 });
    const outcome = await calls.send(request(text), { runId: 'killed', owner: 'job-killed' }, usable);
    assert.equal(outcome.kind, 'answer');
    assert.deepEqual((await requestsOf('killed')).map((r) => r.state).sort(), ['ANSWERED', 'LOST']);
    const ledger = await new LlmRequestRepository(db.prisma).runLedger('killed');
    assert.deepEqual([ledger.requests, ledger.answers, ledger.lost, ledger.open], [2, 1, 1, 0]);
    assert.equal(Number(ledger.lostUsd.toFixed(9)), Number(ledger.answeredUsd.toFixed(9)), "the lost request is estimated at the cost of its prompt's answer");
    const run = await runs.totals('killed');
    assert.deepEqual([run.reservedCalls, run.reservedUsd], [0, 0], 'no reservation left open');
  });

  it('keeps an answer that arrived while the database refused the first write: recorded on the retry, not asked again', async () => {
    const started = await startTestLlmCalls(db.prisma, provider());
    presences.push(started.presence);
    const requests = new LlmRequestRepository(db.prisma);
    let refused = 0;
    const flaky = Object.assign(Object.create(requests) as LlmRequestRepository, {
      answer: (...args: Parameters<LlmRequestRepository['answer']>) => {
        if (refused++ === 0) return Promise.reject(new Error('Connection terminated unexpectedly'));
        return requests.answer(...args);
      },
    });
    const calls = new (started.calls.constructor as typeof LlmCalls)(
      started.calls.provider,
      { calls: new LlmCallRepository(db.prisma), requests: flaky, runs: new LlmRunRepository(db.prisma), presence: started.presence },
      { defaultBudget: {}, parseFailedRetries: 0, claimWaitMs: 10_000 },
    );
    const before = (await fake.stats()).requests['messages'] ?? 0;
    const outcome = await calls.send(request('Rank while the database blinks.'), { runId: 'flaky', owner: 'job-flaky' }, usable);
    assert.equal(outcome.kind, 'answer');
    assert.equal(refused, 2, 'the write was tried again');
    assert.deepEqual((await requestsOf('flaky')).map((r) => r.state), ['ANSWERED']);
    const again = await calls.send(request('Rank while the database blinks.'), { runId: 'flaky', owner: 'job-flaky-2' }, usable);
    assert.equal(again.kind === 'answer' && again.cached, true);
    assert.equal((await fake.stats()).requests['messages'], before + 1, 'paid once');
  });

  it('counts as lost, never releases as unsent, an answer it could not record at all', async () => {
    const started = await startTestLlmCalls(db.prisma, provider(), { LLM_WORKER_LEASE_MS: 1_000 });
    presences.push(started.presence);
    const requests = new LlmRequestRepository(db.prisma);
    const down = Object.assign(Object.create(requests) as LlmRequestRepository, {
      answer: () => Promise.reject(new Error('Connection terminated unexpectedly')),
    });
    const calls = new (started.calls.constructor as typeof LlmCalls)(
      started.calls.provider,
      { calls: new LlmCallRepository(db.prisma), requests: down, runs: new LlmRunRepository(db.prisma), presence: started.presence },
      { defaultBudget: {}, parseFailedRetries: 0, claimWaitMs: 10_000, writeRetry: { attempts: 3, firstDelayMs: 20 } },
    );
    await assert.rejects(calls.send(request('Rank while the database is gone.'), { runId: 'gone', owner: 'job-gone' }, usable), /Connection terminated/);
    const deadline = Date.now() + 15_000;
    let states: string[] = [];
    while (Date.now() < deadline) {
      states = (await requestsOf('gone')).map((r) => r.state);
      if (states[0] !== 'SENT') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(states, ['LOST'], 'paid and not recorded: counted at its estimate');
  });

  it('asks a prompt whose answer was unusable again on a later attempt, as often as allowed, then reuses the failure', async () => {
    const calls = await worker({ LLM_PARSE_FAILED_RETRIES: 1 });
    const ask = (owner: string) => calls.send(request('Please reask me: rank these.'), { runId: 'reask', owner }, digitsOnly);
    const first = await ask('job-1');
    assert.equal(first.kind === 'answer' && first.verdict.usable, false);
    const second = await ask('job-1'); // the job's retry: asked again (the server is scheduled to fail it twice)
    assert.deepEqual([second.kind === 'answer' && second.verdict.usable, second.kind === 'answer' && second.cached], [false, false]);
    const third = await ask('job-2'); // retries spent: the stored failure is final, nothing is sent
    assert.deepEqual([third.kind === 'answer' && third.cached, third.kind === 'answer' && third.final], [true, true]);
    const ledger = await new LlmRequestRepository(db.prisma).runLedger('reask');
    assert.deepEqual([ledger.requests, ledger.faults], [2, { unparseable: 2 }], 'each paid unusable answer is counted');
    const more = await worker({ LLM_PARSE_FAILED_RETRIES: 2 });
    const fourth = await more.send(request('Please reask me: rank these.'), { runId: 'reask', owner: 'job-3' }, digitsOnly);
    assert.equal(fourth.kind === 'answer' && fourth.verdict.usable, true, 'a raised limit asks again; the server answers properly now');
  });
});
