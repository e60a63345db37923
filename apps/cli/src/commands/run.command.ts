import { QueueName, RunJob, runIdOf, runJobId, RunProgress, type RunSpec } from '@alkdrec/contracts';
import { submitJob, watchJobProgress } from '@alkdrec/service-kit';
import type { Queue } from 'bullmq';
import type { JobRunOptions } from '../args/parsed-command';
import { ensureDataset } from '../dataset/ensure-dataset';
import { formatImportSummary } from '../dataset/import.command';
import { prepareDatabase } from '../dataset/prepare-database';
import { createRunProgressReporter } from '../output/run-progress-reporter';
import { formatRunResult } from '../output/run-result-table';
import { ensureServices, RUN_SERVICES, type RunServiceRole } from '../services/ensure-services';
import { ServiceProcess } from '../services/service-process';
import { printResult, type CliContext } from './cli-context';
import { followRun } from './follow-run';
import { openQueue } from './open-trainer-queue';
import { serviceEnv, serviceLogFile } from './run-trainer-job';

/**
 * `alkdrec run`: the whole ALKDRec run (REFERENCE §3–§6) as one job for the selector, which drives
 * the trainer and the llm-worker through their queues. Services already running get the run;
 * missing ones are started here in one process group and stopped afterwards. Submitting a run
 * again resumes it: the database says which stages are done. A run whose job Redis lost is
 * followed again once a selector re-drives it (followRun).
 */
export async function runCommand(ctx: CliContext, spec: RunSpec, run: JobRunOptions): Promise<void> {
  const reporter = createRunProgressReporter(ctx.stderr, !run.json);
  const prisma = await prepareDatabase(ctx, (text) => reporter.note(text));
  try {
    const imported = await ensureDataset(prisma, spec.dataset, (text) => reporter.note(text));
    if (imported) reporter.note(`imported:\n${formatImportSummary(imported)}`);
  } finally {
    await prisma.$disconnect();
  }

  const runId = runIdOf(spec);
  const jobId = runJobId(runId);
  const runs = await openQueue(ctx, QueueName.Runs);
  // The other services' queues are only asked how many workers they have: no event streams.
  const counted = new Map<QueueName, Queue>([[QueueName.Runs, runs.queue]]);
  for (const { queue } of RUN_SERVICES) if (!counted.has(queue)) counted.set(queue, ctx.factory.queue(queue));
  const closeAll = () => Promise.all([runs.close(), ...[...counted.values()].filter((q) => q !== runs.queue).map((q) => q.close())]);

  let services: ServiceProcess | undefined;
  let startedRoles: readonly RunServiceRole[] = [];
  const stopServices = () => services?.stop(ctx.config.SHUTDOWN_GRACE_MS + 15_000);
  const unregister = ctx.interrupts.register({
    started: () => (services ? startedRoles : []),
    stop: async () => {
      reporter.stop();
      await stopServices();
      await closeAll();
    },
    kill: () => services?.kill(),
  });
  const unwatch = watchJobProgress(runs.events, jobId, (p) => reporter.update(p), RunProgress);
  try {
    const { job, origin } = await submitJob(runs.queue, RunJob.Run, { spec }, jobId);
    reporter.note(origin === 'added' ? `submitted run ${runId}` : `run ${runId} is already queued or running; following it`);
    await ensureServices({
      strategy: spec.strategy,
      queueOf: (name) => counted.get(name) as Queue,
      spawn: run.spawn,
      startTimeoutMs: ctx.config.TRAINER_START_TIMEOUT_MS,
      reporter,
      start: (roles) => {
        startedRoles = roles;
        return (services = ServiceProcess.start({
          entry: ctx.servicesEntry,
          env: serviceEnv(ctx, { ALKDREC_ROLES: roles.join(','), LLM_PROVIDER: spec.provider }),
          logFile: serviceLogFile(ctx, 'services'),
          label: 'services',
          onNote: (text) => reporter.note(text), // a role the launcher restarted, or gave up on
        }));
      },
    });
    const finished = followRun(job, {
      queue: runs.queue,
      events: runs.events,
      runId,
      redriveWaitMs: ctx.config.RUNS_REDRIVE_WAIT_MS,
      note: (text) => reporter.note(text),
    });
    const result = await (services ? Promise.race([finished, services.crashed()]) : finished);
    reporter.stop();
    printResult(ctx, run.json, { command: 'run', jobId, result }, formatRunResult(result));
  } finally {
    unwatch();
    reporter.stop();
    unregister();
    await stopServices();
    await closeAll();
  }
}
