import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const REPO = join(__dirname, '../../..');

export interface WorkerProcess {
  /** Its JSON log lines so far, parsed. */
  logs(): Record<string, unknown>[];
  stop(): Promise<void>;
}

/** apps/llm-worker as a child process with `env` on top of a minimal environment; resolves once its ranking worker runs. */
export async function startLlmWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [join(REPO, 'apps/llm-worker/dist/main.js')], {
    env: { PATH: process.env['PATH'] ?? '', HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', ALKDREC_ROLES: 'llm-worker', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        lines.push(entry);
        if (String(entry['msg']).startsWith('worker started on alkdrec.llm.ranking')) resolve();
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => reject(new Error(`llm-worker exited with ${code}: ${stderr}`)));
  });
  return { logs: () => lines, stop: () => stop(child) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}
