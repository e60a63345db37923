import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueName, RunJob, runIdOf, runJobId, RunSpec } from '@alkdrec/contracts';
import { bundledDatasetPaths, importDataset, LlmRequestRepository } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { selectSessions } from '@alkdrec/selection';
import { startFakeLlm, type FakeLlmProcess } from '@alkdrec/llm-providers/testing';
import { findRepoRoot, QueueFactory } from '@alkdrec/service-kit';
import {
  deleteKeysByPrefix,
  startEntryProcess,
  uniquePrefix,
  until,
  type EntryProcess,
} from '@alkdrec/service-kit/testing';
import type { Queue } from 'bullmq';

const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env['DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/test';
const DATASET = 'movielens-hetrec2011';
const REPO = findRepoRoot(__dirname);
const ENTRIES = {
  trainer: join(REPO, 'apps/trainer/dist/main.js'),
  'llm-worker': join(REPO, 'apps/llm-worker/dist/main.js'),
  selector: join(REPO, 'apps/selector/dist/main.js'),
} as const;
type Role = keyof typeof ENTRIES;

/**
 * A whole run across real service processes — trainer, llm-worker, selector — against the SIMULATED
 * Anthropic server (tools/fake-llm), with SIGKILLs where a crash costs most: the llm-worker and the
 * selector while the LLM is ranking, the trainer while it distils. Short trainings (maxSteps) keep it
 * to a couple of minutes; the run's logic is the one `alkdrec run` drives.
 */
describe('a run survives SIGKILLs of its workers', { timeout: 420_000 }, () => {
  let db: TestDatabase;
  let fake: FakeLlmProcess;
  let factory: QueueFactory;
  let runs: Queue;
  let prefix: string;
  const live = new Map<Role, EntryProcess>();
  const logDir = join(tmpdir(), `alkdrec-run-recovery-${process.pid}`);

  const spec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'alkdrec', provider: 'anthropic', budget: 60, seed: 1, maxSteps: 60 });
  const runId = runIdOf(spec);

  function start(role: Role): EntryProcess {
    const env = {
      DATABASE_SCHEMA: db.schema,
      BULLMQ_PREFIX: prefix,
      SHUTDOWN_GRACE_MS: '2000',
      ARTIFACT_STORE: join(logDir, 'artifacts'),
      // Short locks: a killed worker's jobs are back in their queue within seconds.
      TRAINER_LOCK_DURATION_MS: '5000',
      TRAINER_BACKOFF_MS: '500',
      LLM_RANKING_LOCK_DURATION_MS: '5000',
      LLM_RANKING_BACKOFF_MS: '200',
      LLM_RANKING_CONCURRENCY: '4',
      RUNS_LOCK_DURATION_MS: '5000',
      LLM_PROVIDER: 'anthropic',
      LLM_MODEL: 'claude-haiku-4-5',
      LLM_BASE_URL: fake.url,
      ANTHROPIC_API_KEY: 'simulated-key',
    };
    const service = startEntryProcess(ENTRIES[role], env, { logFile: join(logDir, `${role}.log`) });
    live.set(role, service);
    return service;
  }

  async function kill(role: Role): Promise<void> {
    const service = live.get(role);
    assert.ok(service, `${role} is running`);
    service.kill('SIGKILL');
    assert.equal((await service.exited).signal, 'SIGKILL');
    live.delete(role);
  }

  const stage = (name: string) => db.prisma.runStage.findUnique({ where: { runId_name: { runId, name } } });
  const requestsToFake = async () => (await fake.stats()).requests['messages'] ?? 0;

  before(async () => {
    db = await createTestDatabase(DATABASE_URL);
    const paths = bundledDatasetPaths(DATASET);
    await importDataset(db.prisma, { name: DATASET, itemsPath: paths.itemsPath, sessionsPath: paths.sessionsPath });
    fake = await startFakeLlm(['--latency-ms', '500']);
    prefix = uniquePrefix('run-recovery');
    factory = new QueueFactory({ redisUrl: REDIS_URL, prefix }, { error: () => undefined });
    runs = factory.queue(QueueName.Runs);
  });

  after(async () => {
    for (const service of live.values()) service.kill('SIGKILL');
    await Promise.all([...live.values()].map((s) => s.exited));
    await runs?.close();
    await fake?.stop();
    await deleteKeysByPrefix(REDIS_URL, prefix);
    await db?.drop();
  });

  it('completes with the same selection, no stage redone and no answer requested twice', async (t) => {
    for (const role of ['trainer', 'llm-worker', 'selector'] as const) start(role);
    await runs.add(RunJob.Run, { spec }, { jobId: runJobId(runId), attempts: 2 });

    // 1. The LLM stage: some answers stored, others still to come — kill the llm-worker and the selector.
    await until('the LLM to answer 10 rankings', async () => {
      const rank = await stage('rank');
      const answered = await db.prisma.llmCall.count({ where: { status: 'SUCCEEDED' } });
      return rank?.status === 'RUNNING' && answered >= 10 ? true : undefined;
    }, 300_000);
    const selectionBefore = await db.prisma.runSelection.findMany({ where: { runId }, orderBy: { order: 'asc' } });
    await kill('llm-worker');
    await kill('selector');
    const inFlightAtKill = new Set((await db.prisma.llmCall.findMany({ where: { status: 'PENDING' }, select: { key: true } })).map((c) => c.key));
    const answeredAtKill = await db.prisma.llmCall.count({ where: { status: 'SUCCEEDED' } });
    assert.ok(answeredAtKill < spec.budget, `killed mid-stage (${answeredAtKill} answers stored of ${spec.budget} + hints)`);
    assert.equal((await stage('rank'))?.status, 'RUNNING');
    start('llm-worker');
    start('selector');

    // 2. Distillation: the distilled model is being fitted — kill the trainer.
    await until('the distillation to start', async () => {
      const distill = await stage('distill');
      const fitting = await db.prisma.model.findFirst({ where: { role: 'distilled', status: 'TRAINING' } });
      return distill?.status === 'RUNNING' && fitting ? true : undefined;
    }, 300_000);
    const requestsBeforeDistillKill = await requestsToFake();
    await kill('trainer');
    start('trainer');

    const finished = await until('the run to finish', async () => {
      const run = await db.prisma.run.findUnique({ where: { id: runId } });
      return run && run.status !== 'RUNNING' ? run : undefined;
    }, 300_000, 250);
    assert.equal(finished.status, 'SUCCEEDED', `run failed: ${finished.error}`);

    // No finished stage was redone: only the stage the selector was killed in started twice.
    const stages = await db.prisma.runStage.findMany({ where: { runId } });
    const attempts = Object.fromEntries(stages.map((s) => [s.name, s.attempts]));
    assert.deepEqual(attempts, { teacher: 1, student: 1, predict: 1, hints: 1, select: 1, rank: 2, distill: 1 });
    assert.ok(stages.every((s) => s.status === 'SUCCEEDED'));

    // The same selection: as stored before the kills, and as the policy draws it from the stored difficulties.
    const selectionAfter = await db.prisma.runSelection.findMany({ where: { runId }, orderBy: { order: 'asc' } });
    const drawn = (s: { row: number; order: number; rank: number; probability: number; difficulty: number }) =>
      ({ row: s.row, order: s.order, rank: s.rank, probability: s.probability, difficulty: s.difficulty });
    assert.equal(selectionBefore.length, spec.budget);
    assert.deepEqual(selectionAfter.map(drawn), selectionBefore.map(drawn));
    const pool = await db.prisma.prediction.findMany({ where: { modelId: finished.teacherModelId as string }, select: { row: true, difficulty: true } });
    const redrawn = selectSessions({ strategy: 'alkdrec', pool: pool.map((p) => ({ row: p.row, difficulty: p.difficulty as number })), budget: spec.budget, seed: spec.seed });
    assert.deepEqual(selectionAfter.map((s) => s.row), redrawn.selected.map((s) => s.row));
    assert.ok(selectionAfter.every((s) => s.llmStatus === 'ranked' && s.ranking.length > 0), 'every selected session has its ranking');

    // No answer requested twice: every request to the provider was a claim of a call; only calls in
    // flight when the llm-worker died were claimed (sent) again, and each was answered once.
    const calls = await db.prisma.llmCall.findMany({ select: { key: true, status: true, attempts: true } });
    assert.equal(calls.length, spec.budget + 1, 'one call per selected session, plus the hints');
    assert.ok(calls.every((c) => c.status === 'SUCCEEDED'));
    const sentTwice = calls.filter((c) => c.attempts > 1);
    assert.ok(sentTwice.every((c) => inFlightAtKill.has(c.key) && c.attempts === 2), 'only prompts in flight at the kill were sent again, once');
    const requests = await requestsToFake();
    const claims = calls.reduce((n, c) => n + c.attempts, 0);
    // A claim the dead worker made but had not sent yet reached no provider: requests ≤ claims.
    assert.ok(requests <= claims, `every request was claimed in the response store first (${requests} requests, ${claims} claims)`);
    assert.ok(requests - calls.length <= inFlightAtKill.size, 'beyond one request per answer, only prompts in flight at the kill were sent again');
    assert.equal(requests, requestsBeforeDistillKill, 'the interrupted distillation asked the LLM nothing');
    // Our own count (the request ledger) is never below the provider's, and above it only by claims
    // the dead worker made but never sent; no reservation is left open; the dead worker's unanswered
    // requests are counted as lost.
    const ledger = await new LlmRequestRepository(db.prisma).runLedger(runId);
    assert.ok(ledger.requests >= requests, `we counted ${ledger.requests} requests, the provider saw ${requests}`);
    assert.ok(ledger.requests - requests <= inFlightAtKill.size, `we counted ${ledger.requests - requests} more than the provider saw; ${inFlightAtKill.size} were in flight`);
    assert.equal(ledger.open, 0, 'no request left open');
    assert.equal((await db.prisma.llmRun.findUniqueOrThrow({ where: { id: runId } })).reservedCalls, 0, 'no reservation left open');
    assert.ok(ledger.lost <= inFlightAtKill.size, 'only requests in flight at the kill can be lost');
    t.diagnostic(
      `at the llm-worker's kill: ${answeredAtKill} answers stored, ${inFlightAtKill.size} calls in flight; ${sentTwice.length} claimed again; ` +
        `${requests} requests at the provider, ${ledger.requests} counted (${ledger.lost} lost) for ${calls.length} answers`,
    );

    // The kills really interrupted work: the distillation job and the in-flight ranking jobs were
    // taken back from the dead workers (stalled) and finished by their successors.
    const trainerQueue = factory.queue(QueueName.Trainer);
    const rankingQueue = factory.queue(QueueName.LlmRanking);
    try {
      const distillJobs = (await trainerQueue.getJobs(['completed'])).filter((job) => job.name === 'distill');
      assert.equal(distillJobs.length, 1);
      assert.equal(distillJobs[0]?.stalledCounter, 1, 'the distillation was interrupted once and finished by the new trainer');
      const rankJobs = await rankingQueue.getJobs(['completed']);
      assert.ok(rankJobs.filter((job) => job.stalledCounter > 0).length >= 1, 'ranking jobs were interrupted by the kill');
    } finally {
      await Promise.all([trainerQueue.close(), rankingQueue.close()]);
    }

    // The distillation finished on the restarted trainer and its test metrics sit beside the others'.
    const tested = await db.prisma.evaluation.findMany({
      where: { split: 'TEST', modelId: { in: [finished.teacherModelId, finished.studentModelId, finished.distilledModelId] as string[] } },
    });
    assert.equal(tested.length, 3);
  });
});
