import { QueueName, type RunProvider, type RunStrategy } from '@alkdrec/contracts';
import type { PrismaClient } from '@alkdrec/db';
import type { RunClient } from '@alkdrec/service-kit';
import type { Queue } from 'bullmq';
import { CliError } from '../cli-error';
import type { CliContext } from '../commands/cli-context';
import { serviceEnv, serviceLogFile } from '../commands/run-trainer-job';
import type { RunProgressReporter } from '../output/run-progress-reporter';
import { openRunClient } from '../runs/open-run-client';
import { ensureServices, type RunServiceRole } from '../services/ensure-services';
import { ServiceProcess } from '../services/service-process';

export interface ExperimentServicesOptions {
  strategies: readonly RunStrategy[];
  provider: RunProvider;
  /** Trainer workers wanted on the trainer queue (each trains one model at a time, on one core). */
  trainers: number;
  spawn: boolean;
  queueOf: (name: QueueName) => Queue;
  reporter: RunProgressReporter;
}

/** The processes an experiment started (stopped when it ends); empty when every service was running. */
export interface ExperimentServices {
  processes: ServiceProcess[];
  roles: string[];
}

/**
 * What an experiment needs running: a selector, an llm-worker (when a strategy asks the LLM) and
 * `trainers` trainer workers, so the grid's trainings spread over every core. Services already
 * connected count (a deployment's workers take the runs); missing roles are started as for `alkdrec
 * run`, then one trainer process per missing trainer worker.
 */
export async function ensureExperimentServices(ctx: CliContext, options: ExperimentServicesOptions, started: ExperimentServices): Promise<void> {
  const base = await ensureServices({
    strategies: options.strategies,
    queueOf: options.queueOf,
    spawn: options.spawn,
    startTimeoutMs: ctx.config.TRAINER_START_TIMEOUT_MS,
    reporter: options.reporter,
    start: (roles: RunServiceRole[]) => {
      started.roles.push(...roles);
      const services = ServiceProcess.start({
        entry: ctx.servicesEntry,
        env: serviceEnv(ctx, { ALKDREC_ROLES: roles.join(','), LLM_PROVIDER: options.provider }),
        logFile: serviceLogFile(ctx, 'services'),
        label: 'services',
        onNote: (text) => options.reporter.note(text),
      });
      started.processes.push(services);
      return services;
    },
  });
  if (!options.spawn) return;
  const trainerQueue = options.queueOf(QueueName.Trainer);
  const connected = await trainerQueue.getWorkersCount();
  const extra = Math.max(0, options.trainers - connected);
  for (let i = 0; i < extra; i++) {
    const trainer = ServiceProcess.start({
      entry: ctx.servicesEntry,
      env: serviceEnv(ctx, { ALKDREC_ROLES: 'trainer' }),
      logFile: serviceLogFile(ctx, `trainer-${connected + i + 1}`),
      label: `trainer ${connected + i + 1}`,
    });
    started.processes.push(trainer);
    started.roles.push('trainer');
  }
  if (extra > 0) {
    await waitForWorkers(trainerQueue, options.trainers, ctx.config.TRAINER_START_TIMEOUT_MS, started.processes);
    options.reporter.note(`started ${extra} more trainer process${extra === 1 ? '' : 'es'}: ${options.trainers} trainer workers connected`);
  } else if (!base) {
    options.reporter.note(`${connected} trainer worker${connected === 1 ? '' : 's'} connected`);
  }
}

async function waitForWorkers(queue: Queue, count: number, timeoutMs: number, processes: readonly ServiceProcess[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const crash = Promise.race(processes.map((p) => p.crashed()));
  crash.catch(() => undefined);
  while (Date.now() < deadline) {
    if ((await queue.getWorkersCount()) >= count) return;
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 250)), crash]);
  }
  throw new CliError(`only ${await queue.getWorkersCount()} of ${count} trainer workers connected within ${Math.round(timeoutMs / 1000)} s`);
}

export interface ExperimentServiceSettings {
  strategies: readonly RunStrategy[];
  provider: RunProvider;
  trainers: number;
  spawn: boolean;
  note: (text: string) => void;
}

/**
 * Runs `body` with the run client open and the experiment's services up (ensureExperimentServices),
 * and stops what it started afterwards — also on Ctrl-C, which the CLI's interrupts route here.
 * `crashed` rejects when a started service process died for good.
 */
export async function withExperimentServices(
  ctx: CliContext,
  prisma: PrismaClient,
  settings: ExperimentServiceSettings,
  body: (services: { client: RunClient; crashed: Promise<never> }) => Promise<void>,
): Promise<void> {
  const opened = await openRunClient(ctx, prisma);
  const started: ExperimentServices = { processes: [], roles: [] };
  const stopServices = () => Promise.allSettled(started.processes.map((p) => p.stop(ctx.config.SHUTDOWN_GRACE_MS + 15_000)));
  const unregister = ctx.interrupts.register({
    started: () => started.roles,
    stop: async () => {
      await stopServices();
      await opened.close();
    },
    kill: () => started.processes.forEach((p) => p.kill()),
  });
  try {
    const reporter = { note: settings.note, update: () => undefined, stop: () => undefined };
    await ensureExperimentServices(ctx, { ...settings, queueOf: opened.queue, reporter }, started);
    const crashed = started.processes.length > 0 ? Promise.race(started.processes.map((p) => p.crashed())) : new Promise<never>(() => undefined);
    crashed.catch(() => undefined);
    await body({ client: opened.client, crashed });
  } finally {
    unregister();
    await stopServices();
    await opened.close();
  }
}
