import { QueueName, type RunProvider, type RunStrategy } from '@alkdrec/contracts';
import type { Queue } from 'bullmq';
import { CliError } from '../cli-error';
import type { CliContext } from '../commands/cli-context';
import { serviceEnv, serviceLogFile } from '../commands/run-trainer-job';
import type { RunProgressReporter } from '../output/run-progress-reporter';
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
