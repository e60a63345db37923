import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { withTimeout } from '../util/with-timeout';

/**
 * A redis-server of a test's own, on a free port and without persistence, for tests that lose
 * Redis: `kill()` SIGKILLs it and `start()` starts an empty one on the same port — what a Redis
 * restart does to every queue, job and lock. Never the shared Redis other tests use.
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
}

/**
 * Gives waits that just started time to make their first look at their job, so Redis is lost under
 * waits that are only listening — the case that hung while waits only listened for events.
 */
export function letWaitsSettle(ms = 500): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const START_TIMEOUT_MS = 10_000;

export async function startRedisServer(): Promise<OwnRedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const server: OwnRedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      if (child) throw new Error(`redis-server on port ${port} is already running`);
      child = await spawnRedis(port);
    },
    async kill() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
    async restartEmpty() {
      await server.kill();
      await server.start();
    },
  };
  await server.start();
  return server;
}

async function spawnRedis(port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += String(chunk);
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('error', (error) => reject(new Error(`cannot start redis-server (${error.message}); is it installed?`)));
    child.once('exit', (code) => reject(new Error(`redis-server on port ${port} exited with ${code}:\n${output}`)));
  });
  try {
    await withTimeout(ready, START_TIMEOUT_MS, `redis-server on port ${port} starting`);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return child;
}

/** A TCP port nothing listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
