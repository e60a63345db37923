import { QueueName, stagesOf, type RunStrategy } from '@alkdrec/contracts';
import type { Queue } from 'bullmq';
import type { RunProgressReporter } from '../output/run-progress-reporter';
import type { ServiceProcess } from './service-process';

/** The services a run needs, and the queue whose workers show that each is up. */
export const RUN_SERVICES = [
  { role: 'selector', queue: QueueName.Runs },
  { role: 'trainer', queue: QueueName.Trainer },
  { role: 'llm-worker', queue: QueueName.LlmRanking },
] as const;
export type RunServiceRole = (typeof RUN_SERVICES)[number]['role'];

export interface EnsureServicesOptions {
  /** The strategies of the runs to be driven: an llm-worker is needed when one of them ranks. */
  strategies: readonly RunStrategy[];
  /** A producer queue for each role's queue (to count connected workers). */
  queueOf: (name: QueueName) => Queue;
  /** False with --no-spawn: only wait for external services. */
  spawn: boolean;
  /** Starts the given roles in one process group. */
  start: (roles: RunServiceRole[]) => ServiceProcess;
  startTimeoutMs: number;
  reporter: RunProgressReporter;
}

/**
 * Makes sure a selector, a trainer and (when a strategy asks the LLM) an llm-worker consume their
 * queues: those already connected are used as they are (the run is submitted to them), the missing
 * ones are started together in one process group and returned for the caller to stop.
 */
export async function ensureServices(options: EnsureServicesOptions): Promise<ServiceProcess | undefined> {
  const asksLlm = options.strategies.some((strategy) => stagesOf(strategy).includes('rank'));
  const needed = RUN_SERVICES.filter((s) => s.role !== 'llm-worker' || asksLlm);
  const missing: (typeof needed)[number][] = [];
  for (const service of needed) {
    const workers = await options.queueOf(service.queue).getWorkersCount();
    if (workers === 0) missing.push(service);
  }
  if (missing.length === 0) {
    options.reporter.note(`services connected (${needed.map((s) => s.role).join(', ')}): submitting the run to them`);
    return undefined;
  }
  const roles = missing.map((s) => s.role);
  if (!options.spawn) {
    options.reporter.note(`waiting for ${roles.join(', ')} to connect (--no-spawn); start them with: ALKDREC_ROLES=${roles.join(',')} node docker/start-role.js`);
    return undefined;
  }
  const services = options.start(roles);
  options.reporter.note(`started ${roles.join(', ')} in one process group (pid ${services.pid}, logs in ${services.logFile})`);
  for (const service of missing) await services.waitUntilConnected(options.queueOf(service.queue), options.startTimeoutMs);
  options.reporter.note(`${roles.join(', ')} connected`);
  return services;
}
