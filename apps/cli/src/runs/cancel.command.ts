import type { RunCancellation } from '@alkdrec/contracts';
import { printResult, type CliContext } from '../commands/cli-context';
import { prepareDatabase } from '../dataset/prepare-database';
import { openRunClient } from './open-run-client';

/**
 * `alkdrec cancel <run-id>`: the run is CANCELLED (RunClient.cancel); its driver stops within about
 * a second wherever it runs, withdrawing the work no service has taken. Requests already sent to the
 * LLM finish and are recorded. `alkdrec resume <run-id>` goes on from the stages it finished.
 */
export async function cancelCommand(ctx: CliContext, runId: string, json: boolean): Promise<void> {
  const prisma = await prepareDatabase(ctx, (text) => ctx.stderr.write(`[cancel] ${text}\n`));
  try {
    const opened = await openRunClient(ctx, prisma);
    try {
      const cancellation = await opened.client.cancel(runId);
      printResult(ctx, json, { command: 'cancel', result: cancellation }, describeCancellation(cancellation));
    } finally {
      await opened.close();
    }
  } finally {
    await prisma.$disconnect();
  }
}

export function describeCancellation({ runId, stage, already }: RunCancellation): string {
  if (already) return `run ${runId} was already cancelled${stage ? ` (in its ${stage} stage)` : ''}; resume it with: alkdrec resume ${runId}`;
  return (
    `cancelled run ${runId}${stage ? ` in its ${stage} stage` : ''}; its driver stops within a second ` +
    `(work no service has taken is withdrawn; LLM requests already sent finish and are recorded). Resume it with: alkdrec resume ${runId}`
  );
}
