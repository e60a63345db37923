import type { RunSpec } from '@alkdrec/contracts';
import type { PrismaClient } from '@alkdrec/db';
import type { RunClient } from '@alkdrec/service-kit';
import type { JobRunOptions } from '../args/parsed-command';
import { printResult, type CliContext } from '../commands/cli-context';
import { serviceEnv, serviceLogFile } from '../commands/run-trainer-job';
import type { RunProgressReporter } from '../output/run-progress-reporter';
import { formatRunResult } from '../output/run-result-table';
import { ensureServices, type RunServiceRole } from '../services/ensure-services';
import { ServiceProcess } from '../services/service-process';
import { openRunClient } from './open-run-client';

/** How a command puts its run in motion through the RunClient (submit, resume). */
export interface RunStart {
  command: 'run' | 'resume';
  /** Which services the run needs (its strategy) and the provider a started llm-worker serves. */
  spec: RunSpec;
  start(client: RunClient): Promise<{ runId: string; jobId: string; note: string; finished: boolean }>;
}

/**
 * What `alkdrec run` and `alkdrec resume` share: submit (or resume) through the RunClient, make sure
 * a selector, a trainer and an llm-worker consume their queues — those running already get the run,
 * missing ones are started here in one process group and stopped afterwards — then follow the run
 * (RunClient.follow: progress bars, the notes of a Redis loss) and print its result. A run that has
 * finished already is only printed: no service is needed.
 */
export async function followWithServices(ctx: CliContext, prisma: PrismaClient, reporter: RunProgressReporter, run: JobRunOptions, how: RunStart): Promise<void> {
  const opened = await openRunClient(ctx, prisma);
  let services: ServiceProcess | undefined;
  let startedRoles: readonly RunServiceRole[] = [];
  const stopServices = () => services?.stop(ctx.config.SHUTDOWN_GRACE_MS + 15_000);
  const unregister = ctx.interrupts.register({
    started: () => (services ? startedRoles : []),
    stop: async () => {
      reporter.stop();
      await stopServices();
      await opened.close();
    },
    kill: () => services?.kill(),
  });
  try {
    const { runId, jobId, note, finished } = await how.start(opened.client);
    reporter.note(note);
    if (!finished) {
      await ensureServices({
        strategies: [how.spec.strategy],
        queueOf: opened.queue,
        spawn: run.spawn,
        startTimeoutMs: ctx.config.TRAINER_START_TIMEOUT_MS,
        reporter,
        start: (roles) => {
          startedRoles = roles;
          return (services = ServiceProcess.start({
            entry: ctx.servicesEntry,
            env: serviceEnv(ctx, { ALKDREC_ROLES: roles.join(','), LLM_PROVIDER: how.spec.provider }),
            logFile: serviceLogFile(ctx, 'services'),
            label: 'services',
            onNote: (text) => reporter.note(text), // a role the launcher restarted, or gave up on
          }));
        },
      });
    }
    const following = opened.client.follow(runId, { onProgress: (p) => reporter.update(p), onNote: (text) => reporter.note(text) });
    const result = await (services ? Promise.race([following, services.crashed()]) : following);
    reporter.stop();
    printResult(ctx, run.json, { command: how.command, jobId, result }, formatRunResult(result));
  } finally {
    reporter.stop();
    unregister();
    await stopServices();
    await opened.close();
  }
}
