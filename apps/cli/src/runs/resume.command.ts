import type { RunResumption, RunSpec } from '@alkdrec/contracts';
import { RunRepository, type PrismaClient } from '@alkdrec/db';
import { RunNotFoundError } from '@alkdrec/service-kit';
import type { JobRunOptions } from '../args/parsed-command';
import type { CliContext } from '../commands/cli-context';
import { prepareDatabase } from '../dataset/prepare-database';
import { createRunProgressReporter } from '../output/run-progress-reporter';
import { followWithServices } from './follow-with-services';

/**
 * `alkdrec resume <run-id>`: a CANCELLED or FAILED run goes back to RUNNING and is followed as
 * `alkdrec run` follows it (services started when none run, progress, result); its finished stages
 * are kept. A RUNNING run is only followed, a SUCCEEDED one only printed, each saying so.
 */
export async function resumeCommand(ctx: CliContext, runId: string, run: JobRunOptions): Promise<void> {
  const reporter = createRunProgressReporter(ctx.stderr, !run.json);
  const prisma = await prepareDatabase(ctx, (text) => reporter.note(text));
  try {
    await followWithServices(ctx, prisma, reporter, run, {
      command: 'resume',
      // The spec decides which services the run needs; RunNotFoundError for an unknown id.
      spec: await specOf(prisma, runId),
      start: async (client) => {
        const resumption = await client.resume(runId);
        return { ...resumption, note: describeResumption(resumption), finished: resumption.origin === 'finished' };
      },
    });
  } finally {
    reporter.stop();
    await prisma.$disconnect();
  }
}

async function specOf(prisma: PrismaClient, runId: string): Promise<RunSpec> {
  const view = await new RunRepository(prisma).view(runId);
  if (!view) throw new RunNotFoundError(runId);
  return view.spec;
}

export function describeResumption({ runId, origin, previousState }: RunResumption): string {
  switch (origin) {
    case 'resumed':
      return `resumed run ${runId} (it had ${previousState === 'FAILED' ? 'failed' : 'been cancelled'}; finished stages are kept)`;
    case 'running':
      return `run ${runId} is already RUNNING: nothing to resume; following it`;
    case 'finished':
      return `run ${runId} has already SUCCEEDED: nothing to resume; its result:`;
  }
}
