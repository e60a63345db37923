import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The fake server's counters that the specs check (a subset of its GET /_fake/stats). */
export interface FakeLlmStatsView {
  generations: Record<string, number>;
  faults: Record<string, number>;
  requests: Record<string, number>;
  batches: { created: number; requests: number };
  /** Answers actually sent (billed), the distinct prompts they answered, and prompts answered more than once. */
  delivered: { answers: number; prompts: number; promptsAnsweredTwice: number };
  /** Requests received and not answered yet (delayed answers and hanging requests). */
  inFlightNow: number;
  /**
   * The server's per-minute request limit (`--rate-limit-rpm`; null: none): requests admitted,
   * refused with a 429 by it, and the most admitted in any rolling minute. Optional for views
   * built by hand in specs.
   */
  rateLimit?: { requestsPerMinute: number | null; admitted: number; limited: number; busiestMinute: number };
}

export interface FakeLlmProcess {
  url: string;
  stats(): Promise<FakeLlmStatsView>;
  stop(): Promise<void>;
}

/** The repository root from libs/llm-providers/dist/testing (this file, compiled). */
const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * Starts tools/fake-llm (the SIMULATED provider) as a child process with CLI flags, e.g.
 * `['--schedule', '429:1']`, and returns its URL. A process rather than an import: apps and the
 * bench may not depend on a tool (module boundaries), and the server then runs as a provider would,
 * over the wire. Used by the services' tests and by `npm run bench:llm`.
 */
export async function startFakeLlm(args: readonly string[] = []): Promise<FakeLlmProcess> {
  const main = join(REPO_ROOT, 'tools/fake-llm/dist/main.js');
  const child: ChildProcess = spawn(process.execPath, [main, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`fake-llm exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    stats: async () => (await (await fetch(`${url}/_fake/stats`)).json()) as FakeLlmStatsView,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
