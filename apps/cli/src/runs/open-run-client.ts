import { QueueName } from '@alkdrec/contracts';
import type { PrismaClient } from '@alkdrec/db';
import { jobOptionsFor, resolveQueueTuning, RunClient, withTimeout } from '@alkdrec/service-kit';
import type { Queue } from 'bullmq';
import type { CliContext } from '../commands/cli-context';
import { openQueue } from '../commands/open-trainer-queue';

const CLOSE_TIMEOUT_MS = 5_000;

export interface OpenRunClient {
  client: RunClient;
  /** The command's producer queues by name (also for counting the services' workers). */
  queue(name: QueueName): Queue;
  close(): Promise<void>;
}

/**
 * The RunClient of a command: the run queue and its event stream connected first (a CliError with
 * exit 4 when Redis cannot be reached), other queues opened when first asked for, each with the
 * tuning table's job options; `close` closes them all (bounded, for a Redis that went away).
 */
export async function openRunClient(ctx: CliContext, prisma: PrismaClient): Promise<OpenRunClient> {
  const runs = await openQueue(ctx, QueueName.Runs);
  const queues = new Map<QueueName, Queue>([[QueueName.Runs, runs.queue]]);
  const queue = (name: QueueName): Queue => {
    let found = queues.get(name);
    if (!found) {
      found = ctx.factory.queue(name, jobOptionsFor(resolveQueueTuning(name, ctx.config)));
      queues.set(name, found);
    }
    return found;
  };
  const client = new RunClient({ prisma, queues: { get: queue }, events: runs.events }, { redriveWaitMs: ctx.config.RUNS_REDRIVE_WAIT_MS });
  const close = async () => {
    const others = [...queues.values()].filter((q) => q !== runs.queue);
    await withTimeout(Promise.allSettled(others.map((q) => q.close())), CLOSE_TIMEOUT_MS, 'closing').catch(() =>
      Promise.allSettled(others.map((q) => q.disconnect())),
    );
    await runs.close();
  };
  return { client, queue, close };
}
