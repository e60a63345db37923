/**
 * `npm run bench:events`: how late the api's Server-Sent Events of a run (GET /v1/runs/:id/events)
 * reach their clients — 1, 10 and 100 streams on one run — from the moment the driver reports
 * progress (the driver job's progress event) or starts a stage (a RunStage row in PostgreSQL), and
 * from the run's end. The api runs as a process (defaults: API_RUN_WATCH_MS 2 s) on a fresh schema
 * and queue prefix; the driver is a FAKE one in this process (a BullMQ worker on alkdrec.runs that
 * writes stages and progress through RunRepository and trains nothing), so only the path from the
 * driver to the client is timed. Clock: performance.timeOrigin + now() (the same machine).
 *
 * Options (env): BENCH_CLIENTS ("1,10,100"), BENCH_STAGE_MS (3000), BENCH_PROGRESS_MS (100).
 */
import { join } from 'node:path';
import { QueueName, RunEvent, runIdOf, RunSpec, stagesOf, type RunProgress } from '@alkdrec/contracts';
import { RunRepository } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { startEntryProcess, waitForLogLine, type EntryProcess } from '@alkdrec/process-kit';
import { textTable } from '@alkdrec/text-table';
import { Queue, Worker } from 'bullmq';

const REPO = join(__dirname, '../../..');
const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';
const TOKEN = 'bench-events-token-0123456789';
const DATASET = 'bench-events';

const wallNow = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Received {
  at: number;
  event: RunEvent;
}

/** One client's stream: its events with their arrival times; `done` when the server ends it. */
async function follow(url: string): Promise<{ received: Received[]; done: Promise<void> }> {
  const response = await fetch(url);
  if (response.status !== 200 || !response.body) throw new Error(`GET ${url}: ${response.status}`);
  const received: Received[] = [];
  const body = response.body;
  const done = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body) {
      const at = wallNow();
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const data = buffer.slice(0, end).split('\n').find((line) => line.startsWith('data: '));
        buffer = buffer.slice(end + 2);
        if (data) received.push({ at, event: RunEvent.parse(JSON.parse(data.slice(6))) });
      }
    }
  })();
  return { received, done };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
function summary(values: number[]): string[] {
  const ms = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0));
  return [String(values.length), ms(percentile(values, 50)), ms(percentile(values, 99)), ms(Math.max(...values))];
}

async function startApi(db: TestDatabase, prefix: string): Promise<{ api: EntryProcess; url: string }> {
  const api = startEntryProcess(join(REPO, 'apps/api/dist/main.js'), { API_TOKENS: TOKEN, DATABASE_URL: db.databaseUrl, DATABASE_SCHEMA: db.schema, BULLMQ_PREFIX: prefix, REDIS_URL });
  const ready = (await waitForLogLine(api, /api ready for probes on/, 1, 60_000)) as { url: string };
  return { api, url: `http://127.0.0.1:${new URL(ready.url).port}` };
}

async function main(): Promise<void> {
  const clientCounts = (process.env['BENCH_CLIENTS'] ?? '1,10,100').split(',').map(Number);
  const stageMs = Number(process.env['BENCH_STAGE_MS'] ?? 3_000);
  const progressMs = Number(process.env['BENCH_PROGRESS_MS'] ?? 100);
  const db = await createTestDatabase();
  const prefix = `bench-events-${process.pid}-${Date.now().toString(36)}`;
  const runs = new RunRepository(db.prisma);
  await db.prisma.dataset.create({ data: { name: DATASET, itemCount: 10, rowCount: 0, droppedRows: 0, droppedItems: 0, trainCount: 0, validCount: 0, testCount: 0, source: {} } });
  const { api, url } = await startApi(db, prefix);
  const sent = { progress: new Map<string, number>(), stage: new Map<string, number>(), end: 0 };
  // The FAKE driver: every stage of a `tr` run, progress every progressMs, a stage every stageMs.
  const startDriver = () =>
    new Worker(
      QueueName.Runs,
      async (job) => {
        const spec = RunSpec.parse((job.data as { spec: unknown }).spec);
        const runId = runIdOf(spec);
        const stages = stagesOf(spec.strategy);
        for (const [stageIndex, stage] of stages.entries()) {
          await runs.startStage(runId, stage);
          sent.stage.set(stage, wallNow());
          const steps = Math.max(1, Math.round(stageMs / progressMs));
          // As the selector's driver does: a report as soon as the stage has started, then as it goes.
          for (let done = 0; done <= steps; done++) {
            if (done > 0) await sleep(progressMs);
            const message = `${stage} ${done}`;
            sent.progress.set(message, wallNow());
            await job.updateProgress({ stage, stageIndex, stageCount: stages.length, done, total: steps, finished: stages.slice(0, stageIndex), message } satisfies RunProgress);
          }
          await runs.finishStage(runId, stage, { wallMs: stageMs, detail: `${stage} (fake)` });
        }
        await runs.finish(runId, 'SUCCEEDED');
        sent.end = wallNow();
        return { runId };
      },
      { connection: { url: REDIS_URL }, prefix },
    );
  const rows: string[][] = [];
  try {
    for (const [index, clients] of clientCounts.entries()) {
      sent.progress.clear();
      sent.stage.clear();
      const spec = { dataset: DATASET, backbone: 'fpmc', strategy: 'tr', seed: index + 1 };
      const created = await fetch(`${url}/v1/runs`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(spec) });
      if (created.status !== 202) throw new Error(`POST /v1/runs: ${created.status} ${await created.text()}`);
      const { runId } = (await created.json()) as { runId: string };
      const streams = await Promise.all(Array.from({ length: clients }, () => follow(`${url}/v1/runs/${runId}/events`)));
      while (streams.some((s) => s.received.length === 0)) await sleep(20);
      // Driven once every stream has the run's first state: what follows is timed.
      const driver = startDriver();
      await Promise.all(streams.map((s) => s.done));
      await driver.close();
      const progress: number[] = [];
      const stage: number[] = [];
      const end: number[] = [];
      for (const { received } of streams) {
        const seenStages = new Set<string>();
        for (const { at, event } of received) {
          if (event.type === 'progress') progress.push(at - (sent.progress.get(event.progress.message ?? '') ?? NaN));
          else if (event.state !== 'RUNNING') end.push(at - sent.end);
          else if (event.stage && sent.stage.has(event.stage) && !seenStages.has(event.stage) && received[0]?.event !== event) {
            seenStages.add(event.stage);
            stage.push(at - (sent.stage.get(event.stage) as number));
          }
        }
      }
      rows.push([String(clients), 'progress → event', ...summary(progress)]);
      rows.push([String(clients), 'stage started → state event', ...summary(stage)]);
      rows.push([String(clients), 'run ended → final state', ...summary(end)]);
    }
  } finally {
    api.kill('SIGTERM');
    await api.exited;
    const queue = new Queue(QueueName.Runs, { connection: { url: REDIS_URL }, prefix });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await db.drop();
  }
  console.log(`Server-Sent Events latency (ms), api process with API_RUN_WATCH_MS 2000; a stage every ${stageMs} ms, progress every ${progressMs} ms (FAKE driver)`);
  console.log(textTable([['streams', 'from', 'events', 'p50', 'p99', 'max'], ...rows], { ruleUnderHeader: true, leftAligned: [1] }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
