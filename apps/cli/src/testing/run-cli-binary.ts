import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** What a run of the `alkdrec` binary printed and how it exited. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built binary (apps/cli/dist/main.js), as the tests run it. */
export const CLI_MAIN = join(__dirname, '..', 'main.js');

/**
 * Runs the built `alkdrec` binary as a user does — its own process, this environment, no stdin —
 * and resolves with its output once it exits; `onStderr` sees stderr as it grows (to act mid-run).
 */
export function runCliBinary(args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd?: string; onStderr?: (text: string) => void }): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
      options.onStderr?.(stderr);
    });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
