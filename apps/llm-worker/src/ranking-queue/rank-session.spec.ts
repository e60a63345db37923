import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bundledDatasetPaths, DatasetRepository, importDataset, type SplitSession } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { rankingCandidates } from '@alkdrec/llm';
import { AnthropicProvider, ReplayProvider } from '@alkdrec/llm-providers';
import { startFakeLlm, type FakeLlmProcess } from '@alkdrec/llm-providers/testing';
import { captureNestLogs } from '@alkdrec/service-kit/testing';
import { CatalogueCache, type Catalogue } from '../catalogue/catalogue-cache';
import { HintsUnusableError, summariseHints } from '../hints-queue/summarise-hints';
import type { LlmCalls } from '../llm/llm-calls';
import type { WorkerPresence } from '../llm/worker-presence';
import { startTestLlmCalls } from '../testing/test-llm-calls';
import { rankSession } from './rank-session';

const DATASET = 'movielens-hetrec2011';

/** Module 1 and 2 on the real MovieLens catalogue, loaded from PostgreSQL by the CatalogueCache. */
describe('rankSession and summariseHints on the bundled MovieLens catalogue', () => {
  const logs = captureNestLogs();
  let db: TestDatabase;
  let catalogue: Catalogue;
  let train: SplitSession[];
  let test: SplitSession[];
  let fake: FakeLlmProcess;

  before(async () => {
    db = await createTestDatabase();
    const { datasetId } = await importDataset(db.prisma, { ...bundledDatasetPaths(DATASET), name: DATASET });
    ({ train, test } = await new DatasetRepository(db.prisma).loadSplits(datasetId));
    catalogue = await new CatalogueCache(db.prisma).get(DATASET);
    fake = await startFakeLlm();
  });
  after(async () => {
    for (const presence of presences) await presence.stop();
    await fake.stop();
    await db.drop();
    logs.restore();
  });

  const presences: WorkerPresence[] = [];
  const calls = async (provider: LlmCalls['provider']): Promise<LlmCalls> => {
    const started = await startTestLlmCalls(db.prisma, provider);
    presences.push(started.presence);
    return started.calls;
  };
  const payloadOf = (session: SplitSession, runId: string) => ({
    runId,
    dataset: DATASET,
    row: session.row,
    sessionItems: session.items,
    candidates: rankingCandidates(Array.from({ length: 50 }, (_, i) => i), session.next),
    nextItem: session.next,
    hints: [],
  });

  it('replays the recorded GPT-4 ranking of row 0 as catalogue items, whatever our candidates', async () => {
    const row0 = train.find((s) => s.row === 0) as SplitSession;
    assert.deepEqual(row0.items.map((i) => catalogue.item(i).id), ['316', '2571', '1704', '628', '1']);
    const result = await rankSession(payloadOf(row0, 'replay-run'), { calls: await calls(new ReplayProvider()), catalogue, maxOutputTokens: 400 }, { runId: 'replay-run', owner: 'job-1' });
    assert.equal(result.status, 'ranked');
    assert.deepEqual(result.ranking.slice(0, 5).map((i) => catalogue.item(i).id), ['5952', '5957', '8360', '5445', '1036']);
    assert.equal(result.costUsd, 0);
    const position = result.ranking.indexOf(row0.next);
    assert.equal(result.truePosition, position === -1 ? null : position);
  });

  it('says not-available for a session the recordings do not have', async () => {
    const unrecorded = test[test.length - 1] as SplitSession;
    const result = await rankSession(payloadOf(unrecorded, 'replay-run'), { calls: await calls(new ReplayProvider()), catalogue, maxOutputTokens: 400 }, { runId: 'replay-run', owner: 'job-2' });
    assert.equal(result.status, 'not-available');
    assert.deepEqual(result.ranking, []);
  });

  it('summarises hints through the provider, and answers the same samples from the store', async () => {
    const provider = new AnthropicProvider({ apiKey: 'k', model: 'claude-haiku-4-5', baseUrl: fake.url, timeoutMs: 5_000 });
    const samples = train.slice(0, 3).map((s) => ({ sessionItems: s.items, recommended: [s.next, 1, 2] }));
    const first = await summariseHints({ runId: 'hints-run', dataset: DATASET, samples }, { calls: await calls(provider), catalogue, maxOutputTokens: 1024 }, { runId: 'hints-run', owner: 'hints-1' });
    assert.equal(first.status, 'summarised');
    assert.ok(first.hints.length >= 2, JSON.stringify(first.hints));
    assert.ok(first.costUsd > 0);
    const again = await summariseHints({ runId: 'hints-run-2', dataset: DATASET, samples }, { calls: await calls(provider), catalogue, maxOutputTokens: 1024 }, { runId: 'hints-run-2', owner: 'hints-2' });
    assert.deepEqual(again.hints, first.hints);
    assert.equal(again.cached, true);
    assert.equal((await fake.stats()).generations['messages'], 1);
  });

  it('gives a malformed hints answer the corrective turn, and a later attempt asks again instead of failing for good', async () => {
    const server = await startFakeLlm(['--schedule', 'malformed:3:messages:STRICTLY summarise']);
    try {
      const provider = new AnthropicProvider({ apiKey: 'k', model: 'claude-haiku-4-5', baseUrl: server.url, timeoutMs: 5_000 });
      const samples = train.slice(5, 8).map((s) => ({ sessionItems: s.items, recommended: [s.next, 3, 4] }));
      const llm = await calls(provider);
      const job = (owner: string, dataset = DATASET) =>
        summariseHints({ runId: `fix-hints-${dataset}`, dataset, samples }, { calls: llm, catalogue, maxOutputTokens: 1024 }, { runId: `fix-hints-${dataset}`, owner });
      // Attempt 1: the prompt and its corrective turn both come back malformed (the server fails
      // the first three generations of hint prompts): not a silent success, but not final either.
      await assert.rejects(job('hints-job'), (error: unknown) => error instanceof HintsUnusableError && !error.final);
      // The job's retry asks the prompt again (a later claim): its third malformed answer, then the
      // corrective turn answered properly.
      const retried = await job('hints-job');
      assert.equal(retried.status, 'summarised');
      assert.ok(retried.hints.length > 0);
      assert.equal((await server.stats()).generations['messages'], 4);
      // Another dataset whose hint prompt reads the same shares nothing with it: asked on its own.
      const other = await job('hints-other', 'another-dataset');
      assert.equal(other.status, 'summarised');
      assert.equal(other.cached, false);
      assert.equal((await server.stats()).generations['messages'], 5);
    } finally {
      await server.stop();
    }
  });
});
