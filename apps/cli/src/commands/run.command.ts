import type { RunSpec, RunSubmission } from '@alkdrec/contracts';
import type { JobRunOptions } from '../args/parsed-command';
import { ensureDataset } from '../dataset/ensure-dataset';
import { formatImportSummary } from '../dataset/import.command';
import { prepareDatabase } from '../dataset/prepare-database';
import { createRunProgressReporter } from '../output/run-progress-reporter';
import { followWithServices } from '../runs/follow-with-services';
import type { CliContext } from './cli-context';

/**
 * `alkdrec run`: the whole ALKDRec run (REFERENCE §3–§6), submitted through the RunClient (the api's
 * way too) to the selector, which drives the trainer and the llm-worker through their queues.
 * Submitting a run again resumes it (a failed or cancelled one) or joins it (a running one): the
 * database says which stages are done; a finished one is only printed.
 */
export async function runCommand(ctx: CliContext, spec: RunSpec, run: JobRunOptions): Promise<void> {
  const reporter = createRunProgressReporter(ctx.stderr, !run.json);
  const prisma = await prepareDatabase(ctx, (text) => reporter.note(text));
  try {
    const imported = await ensureDataset(prisma, spec.dataset, (text) => reporter.note(text));
    if (imported) reporter.note(`imported:\n${formatImportSummary(imported)}`);
    await followWithServices(ctx, prisma, reporter, run, {
      command: 'run',
      spec,
      start: async (client) => {
        const submission = await client.submit(spec);
        return { ...submission, note: describeSubmission(submission), finished: submission.origin === 'finished' };
      },
    });
  } finally {
    reporter.stop();
    await prisma.$disconnect();
  }
}

export function describeSubmission({ runId, origin, previousState }: RunSubmission): string {
  switch (origin) {
    case 'added':
      if (previousState === 'FAILED') return `run ${runId} had failed; resuming it (finished stages are kept)`;
      if (previousState === 'CANCELLED') return `run ${runId} had been cancelled; resuming it (finished stages are kept)`;
      if (previousState === 'RUNNING') return `run ${runId} had no driver job in Redis; submitted it again (finished stages are kept)`;
      return `submitted run ${runId}`;
    case 'existing':
      return `run ${runId} is already queued or running; following it`;
    case 'finished':
      return `run ${runId} has already finished; its result:`;
  }
}
