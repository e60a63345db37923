import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { LlmCallRepository, LlmRunRepository, type ArrivedAnswer } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { parseExposition, sumOf, type Exposition } from './exposition';
import { LlmRequestMeter } from './llm-request-meter';
import { MeteredLlmRequestLedger } from './metered-llm-request-ledger';
import { ServiceMetrics } from './service-metrics';

const answerOf = (requestId: string, usable: boolean): ArrivedAnswer => ({
  callKey: `key-${requestId}`,
  text: usable ? '[1, 2]' : 'I cannot rank these.',
  inputTokens: 1200,
  outputTokens: 40,
  costUsd: 0.0016,
  latencyMs: 2_500,
  usable,
  parsed: null,
  ...(usable ? {} : { faultClass: 'off-candidate' }),
});

/** The ledger's transitions counted once each, against the real ledger in PostgreSQL. */
describe(MeteredLlmRequestLedger.name, () => {
  let db: TestDatabase;
  let metrics: ServiceMetrics;
  let ledger: MeteredLlmRequestLedger;
  let runs: LlmRunRepository;

  before(async () => {
    db = await createTestDatabase();
    runs = new LlmRunRepository(db.prisma);
    await runs.getOrCreate('run-1');
  });
  after(() => db.drop());

  const fresh = () => {
    metrics = new ServiceMetrics({ defaultMetrics: false });
    const meter = new LlmRequestMeter(metrics).identify({ provider: 'anthropic', model: 'claude-haiku-4-5' });
    ledger = new MeteredLlmRequestLedger(db.prisma, meter);
  };
  /** A request of `workerId` for a call of its own (claimed first: the ledger's rows belong to a stored call). */
  const openRow = async (workerId: string) => {
    const id = randomUUID();
    await new LlmCallRepository(db.prisma).claim(`key-${id}`, { provider: 'anthropic', model: 'claude-haiku-4-5', prompt: { user: id }, owner: 'job', worker: workerId });
    const opened = await ledger.open({ id, callKey: `key-${id}`, runId: 'run-1', owner: 'job', workerId, estimatedUsd: 0.01 }, runs);
    assert.equal(opened.kind, 'opened');
    return id;
  };
  const open = async (kind: string, workerId = 'w-live') => {
    const id = await openRow(workerId);
    ledger.meter.opened(id, kind);
    return id;
  };
  const scrape = async (): Promise<Exposition> => parseExposition(await metrics.render());

  it('counts an answer once however often it is written (a retried write, or the batch collector and the job both)', async () => {
    fresh();
    const id = await open('rank');
    assert.equal((await ledger.answer(id, answerOf(id, true))).recorded, true);
    assert.equal((await ledger.answer(id, answerOf(id, true))).recorded, false);
    const e = await scrape();
    const labels = { provider: 'anthropic', model: 'claude-haiku-4-5' };
    assert.equal(sumOf(e, 'alkdrec_llm_requests_total', { ...labels, kind: 'rank' }), 1);
    assert.equal(sumOf(e, 'alkdrec_llm_answers_total', { ...labels, kind: 'rank', usable: 'true' }), 1);
    assert.equal(sumOf(e, 'alkdrec_llm_tokens_total', { ...labels, direction: 'input' }), 1200);
    assert.equal(sumOf(e, 'alkdrec_llm_tokens_total', { ...labels, direction: 'output' }), 40);
    assert.equal(sumOf(e, 'alkdrec_llm_cost_usd_total', labels), 0.0016);
    assert.equal(sumOf(e, 'alkdrec_llm_provider_latency_seconds_count', labels), 1);
    assert.equal(sumOf(e, 'alkdrec_llm_provider_latency_seconds_bucket', { ...labels, le: '2' }), 0);
    assert.equal(sumOf(e, 'alkdrec_llm_provider_latency_seconds_bucket', { ...labels, le: '3' }), 1);
  });

  it('counts an unusable answer as an answer and a fault of its class, and a failure once by class', async () => {
    fresh();
    const bad = await open('summarise');
    await ledger.answer(bad, answerOf(bad, false));
    const failed = await open('rank');
    const failure = { callKey: `key-${failed}`, owner: 'job', faultClass: 'overloaded_error', message: '529', httpStatus: 529 };
    assert.equal(await ledger.fail(failed, failure), true);
    assert.equal(await ledger.fail(failed, failure), false);
    const e = await scrape();
    assert.equal(sumOf(e, 'alkdrec_llm_answers_total', { kind: 'summarise', usable: 'false' }), 1);
    assert.equal(sumOf(e, 'alkdrec_llm_faults_total', { provider: 'anthropic', class: 'off-candidate' }), 1);
    assert.equal(sumOf(e, 'alkdrec_llm_faults_total', { provider: 'anthropic', class: 'overloaded_error' }), 1);
    assert.equal(sumOf(e, 'alkdrec_llm_faults_total'), 2);
    assert.equal(sumOf(e, 'alkdrec_llm_requests_total'), 2);
  });

  it("counts a dead worker's request lost once, and an outcome of a request it never saw opened as kind unknown", async () => {
    fresh();
    const dead = await open('rank', 'w-never-registered');
    assert.equal(await ledger.markLost({ callKey: `key-${dead}` }), 1);
    assert.equal(await ledger.markLost({ callKey: `key-${dead}` }), 0);
    const id = await openRow('w-live');
    await ledger.answer(id, answerOf(id, true));
    const e = await scrape();
    assert.equal(sumOf(e, 'alkdrec_llm_requests_lost_total'), 1);
    assert.equal(sumOf(e, 'alkdrec_llm_answers_total', { kind: 'unknown' }), 1);
  });
});
