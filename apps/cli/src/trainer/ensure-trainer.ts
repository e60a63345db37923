import type { Queue } from 'bullmq';
import type { ProgressReporter } from '../output/progress-reporter';
import type { ServiceProcess } from '../services/service-process';

export interface EnsureTrainerOptions {
  queue: Queue;
  /** False with --no-spawn: only wait for an external trainer. */
  spawn: boolean;
  start: () => ServiceProcess;
  startTimeoutMs: number;
  reporter: ProgressReporter;
}

/**
 * Makes sure some trainer consumes the queue: an external one if connected, else (unless --no-spawn)
 * one started here and returned, for the caller to stop when its job is done.
 */
export async function ensureTrainer(options: EnsureTrainerOptions): Promise<ServiceProcess | undefined> {
  const { queue, reporter } = options;
  const workers = await queue.getWorkersCount();
  if (workers > 0) {
    reporter.note(`${workers} trainer worker${workers === 1 ? '' : 's'} connected to ${queue.name}`);
    return undefined;
  }
  if (!options.spawn) {
    reporter.note(`no trainer connected to ${queue.name}; waiting for one (--no-spawn). Start one with: node apps/trainer/dist/main.js`);
    return undefined;
  }
  const trainer = options.start();
  reporter.note(`no trainer connected; started one (pid ${trainer.pid}, logs in ${trainer.logFile})`);
  await trainer.waitUntilConnected(queue, options.startTimeoutMs);
  reporter.note('trainer connected');
  return trainer;
}
