import { spawnSync } from 'node:child_process';

/** Whether `docker compose` (the v2 plugin) runs here; the development machine has docker without it. */
export function dockerComposeAvailable(): boolean {
  const result = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8', timeout: 20_000 });
  return result.status === 0;
}

/**
 * `docker compose -f FILE config --quiet` with `env` as the only project environment besides PATH
 * (so the machine's own variables do not change the answer): exit 0 when compose accepts the file.
 */
export function dockerComposeConfig(file: string, env: Record<string, string>): { ok: boolean; output: string } {
  const result = spawnSync('docker', ['compose', '-f', file, 'config', '--quiet'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
  });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}
