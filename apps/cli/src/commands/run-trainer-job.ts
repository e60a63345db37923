import { join } from 'node:path';
import { TrainerProgress, type TrainerJob } from '@alkdrec/contracts';
import type { z } from 'zod';
import type { JobRunOptions } from '../args/parsed-command';
import { submitJob, waitForResult, watchJobProgress, type Submission } from '@alkdrec/service-kit';
import { createProgressReporter } from '../output/progress-reporter';
import { ensureTrainer } from '../trainer/ensure-trainer';
import { ServiceProcess } from '../services/service-process';
import type { CliContext } from './cli-context';
import { openTrainerQueue } from './open-trainer-queue';

export interface TrainerJobRequest<S extends z.ZodType> {
  name: TrainerJob;
  /** Already parsed with the job's payload contract. */
  payload: unknown;
  jobId: string;
  result: S;
}

/**
 * Submits a trainer job under its deterministic id, makes sure a trainer consumes the queue
 * (starting one when none is connected, unless --no-spawn), follows the job's progress and
 * returns its parsed result. A trainer started here is stopped (SIGTERM) before returning.
 */
export async function runTrainerJob<S extends z.ZodType>(
  ctx: CliContext,
  request: TrainerJobRequest<S>,
  run: JobRunOptions,
): Promise<{ result: z.infer<S>; jobId: string; origin: Submission['origin'] }> {
  const { queue, events, close } = await openTrainerQueue(ctx);
  const reporter = createProgressReporter(ctx.stderr, `[${request.name}]`, !run.json);
  let trainer: ServiceProcess | undefined;
  const stopTrainer = async () => {
    // An idle trainer stops at once; the margin covers one interrupted job's grace period.
    await trainer?.stop(ctx.config.SHUTDOWN_GRACE_MS + 15_000);
  };
  const unregister = ctx.interrupts.register({
    started: () => (trainer ? ['trainer'] : []),
    stop: async () => {
      reporter.stop();
      await stopTrainer();
      await close();
    },
    kill: () => trainer?.kill(),
  });
  // Listen before submitting: a connected trainer may report progress at once.
  const unwatch = watchJobProgress(events, request.jobId, (p) => reporter.update(p));
  try {
    const submission = await submitJob(queue, request.name, request.payload, request.jobId);
    reporter.note(describeSubmission(submission.origin, request.jobId));
    // A job already under way shows where it is now rather than at its next report.
    const current = TrainerProgress.safeParse(submission.job.progress);
    if (current.success) reporter.update(current.data);
    await ensureTrainer({
      queue,
      spawn: run.spawn,
      startTimeoutMs: ctx.config.TRAINER_START_TIMEOUT_MS,
      reporter,
      // Assigned at once, not when ensureTrainer returns: a Ctrl-C while it starts must stop it too.
      start: () => (trainer = ServiceProcess.start({ entry: ctx.trainerEntry, env: serviceEnv(ctx, { ALKDREC_ROLES: 'trainer' }), logFile: serviceLogFile(ctx, 'trainer') })),
    });
    const finished = waitForResult({ job: submission.job, queue, events }, request.result);
    const result = await (trainer ? Promise.race([finished, trainer.crashed()]) : finished);
    return { result, jobId: request.jobId, origin: submission.origin };
  } finally {
    unwatch();
    reporter.stop();
    unregister();
    await stopTrainer();
    await close();
  }
}

function describeSubmission(origin: Submission['origin'], jobId: string): string {
  switch (origin) {
    case 'added':
      return `submitted job ${jobId}`;
    case 'joined':
      return `job ${jobId} is already queued or running; following it`;
  }
}

/** The same connection settings as this command, the given roles, and ports nobody else needs. */
export function serviceEnv(ctx: CliContext, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { config } = ctx;
  return {
    ...process.env,
    ...extra,
    REDIS_URL: config.REDIS_URL,
    DATABASE_URL: config.DATABASE_URL,
    DATABASE_SCHEMA: config.DATABASE_SCHEMA,
    BULLMQ_PREFIX: config.BULLMQ_PREFIX,
    LOG_LEVEL: config.LOG_LEVEL,
    // Readiness is judged by the worker count; its health port only has to be free.
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
  };
}

export function serviceLogFile(ctx: CliContext, what: string): string {
  return join(ctx.repoRoot, '.alkdrec', 'logs', `${what}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
}
