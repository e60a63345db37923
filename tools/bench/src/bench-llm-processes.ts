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
  await waitForLogLine(worker, /worker started on alkdrec\.llm\.ranking/, 1, 120_000);
  return {
    logs: () => worker.lines().flatMap((line) => parseLogLine(line)),
    stop: async () => {
      if (running) worker.kill('SIGTERM');
      await exited;
    },
  };
}

function parseLogLine(line: string): Record<string, unknown>[] {
  try {
    return [JSON.parse(line) as Record<string, unknown>];
  } catch {
    return []; // not a log line
  }
}
