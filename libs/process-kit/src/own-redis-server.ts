import { createServer } from 'node:net';
import { startChildProcess, waitForOutputLine, type EntryProcess } from './entry-process';

/**
 * A redis-server of one's own, on a free port and without persistence, for what loses Redis on
 * purpose (tests, the drill): `kill()` SIGKILLs it and `start()` starts an empty one on the same
 * port — what a Redis restart does to every queue, job and lock. Never the shared Redis others use.
 */
export interface OwnRedisServer {
  readonly port: number;
  readonly url: string;
  /** Starts an empty server on the port (after kill()). */
  start(): Promise<void>;
  /** SIGKILL: nothing is saved, clients see the connection drop. */
  kill(): Promise<void>;
  /** kill() then start(): every queue, job, lock and event stream is gone. */
  restartEmpty(): Promise<void>;
  /** SIGTERM, for the end: it is not started again. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;

/** Starts one; its output goes to `logFile` when given. */
export async function startRedisServer(options: { logFile?: string } = {}): Promise<OwnRedisServer> {
  const port = await freePort();
  let running: EntryProcess | undefined;
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const child = running;
    running = undefined;
    if (!child) return;
    child.kill(signal);
    await child.exited;
  };
  const server: OwnRedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      if (running) throw new Error(`redis-server on port ${port} is already running`);
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'];
      const child = startChildProcess('redis-server', args, { env: { PATH: process.env['PATH'] ?? '' }, ...(options.logFile ? { logFile: options.logFile } : {}) });
      running = child;
      try {
        await waitForOutputLine(child, /Ready to accept connections/, 1, START_TIMEOUT_MS);
      } catch (error) {
        await halt('SIGKILL');
        throw new Error(`cannot start redis-server on port ${port} (is it installed?): ${(error as Error).message}`);
      }
    },
    kill: () => halt('SIGKILL'),
    async restartEmpty() {
      await halt('SIGKILL');
      await server.start();
    },
    stop: () => halt('SIGTERM'),
  };
  await server.start();
  return server;
}

/** A TCP port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
