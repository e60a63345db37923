import { QueueName } from '@alkdrec/contracts';
import { jobOptionsFor, resolveQueueTuning, withTimeout } from '@alkdrec/service-kit';
import type { Queue, QueueEvents } from 'bullmq';
import { CliError, ExitCode } from '../cli-error';
import { redactUrl } from '../config/cli-env.schema';
import type { CliContext } from './cli-context';

const REDIS_CONNECT_TIMEOUT_MS = 5_000;
const CLOSE_TIMEOUT_MS = 5_000;
const DISCONNECT_TIMEOUT_MS = 1_000;

export interface OpenQueue {
  queue: Queue;
  events: QueueEvents;
  close(): Promise<void>;
}

/** The trainer queue (with the tuning table's job options) and its event stream, both connected. */
export function openTrainerQueue(ctx: CliContext): Promise<OpenQueue> {
  return openQueue(ctx, QueueName.Trainer);
}

/** A queue (with the tuning table's job options) and its event stream, both connected. */
export async function openQueue(ctx: CliContext, name: QueueName): Promise<OpenQueue> {
  const queue = ctx.factory.queue(name, jobOptionsFor(resolveQueueTuning(name, ctx.config)));
  const events = ctx.factory.queueEvents(name);
  // A graceful close waits for Redis; when Redis is gone, drop the sockets instead of hanging.
  const close = async () => {
    await withTimeout(Promise.allSettled([events.close(), queue.close()]), CLOSE_TIMEOUT_MS, 'closing').catch(disconnect);
  };
  // Even disconnect() waits for a connection attempt in progress: bound it too.
  const disconnect = async () => {
    await withTimeout(Promise.allSettled([events.disconnect(), queue.disconnect()]), DISCONNECT_TIMEOUT_MS, 'disconnecting').catch(
      () => undefined,
    );
  };
  try {
    await withTimeout(Promise.all([queue.waitUntilReady(), events.waitUntilReady()]), REDIS_CONNECT_TIMEOUT_MS, 'connecting');
  } catch (error) {
    await disconnect();
    throw new CliError(
      `cannot reach Redis at ${redactUrl(ctx.config.REDIS_URL)} (${(error as Error).message}); is it running? Set REDIS_URL otherwise`,
      ExitCode.Unavailable,
    );
  }
  return { queue, events, close };
}
