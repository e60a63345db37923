import { join } from 'node:path';
import { startEntryProcess, waitForLogLine } from '@alkdrec/process-kit';

const REPO = join(__dirname, '../../..');

export interface WorkerProcess {
  /** Its JSON log lines so far, parsed. */
  logs(): Record<string, unknown>[];
  stop(): Promise<void>;
}

/** apps/llm-worker as a child process with `env` on top of a minimal environment; resolves once its ranking worker runs. */
export async function startLlmWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const worker = startEntryProcess(join(REPO, 'apps/llm-worker/dist/main.js'), { ALKDREC_ROLES: 'llm-worker', ...env });
  let running = true;
  const exited = worker.exited.finally(() => (running = false));
  const stop = async (): Promise<void> => {
    if (running) worker.kill('SIGTERM');
    await exited;
  };
  try {
    await waitForLogLine(worker, /worker started on alkdrec\.llm\.ranking/, 1, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { logs: () => worker.lines().flatMap((line) => parseLogLine(line)), stop };
}

/**
 * `count` llm-worker processes with the same environment — separate processes, as replicas of the
 * service are: each has its own event loop, Redis connections and database pool, and they share
 * only the queue (Redis) and the database. Started together; if one fails, the others are stopped.
 */
export async function startLlmWorkers(count: number, env: Record<string, string>): Promise<WorkerProcess> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => startLlmWorker(env)));
  const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stopAll = async (): Promise<void> => {
    await Promise.all(workers.map((w) => w.stop()));
  };
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  return { logs: () => workers.flatMap((w) => w.logs()), stop: stopAll };
}

function parseLogLine(line: string): Record<string, unknown>[] {
  try {
    return [JSON.parse(line) as Record<string, unknown>];
  } catch {
    return []; // not a log line
  }
}
