import { createServer } from 'node:net';
import { startChildProcess, waitForOutputLine, type EntryProcess } from '@alkdrec/process-kit';

/** A port nobody listens on right now (the OS picks it; the drill's Redis binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port was assigned');
  return address.port;
}

/**
 * The drill's own Redis: a `redis-server` on a port of its own, without persistence, so the drill
 * can kill and restart it (losing every queue, as a Redis without persistence does) while the
 * shared Redis on 6379 is never touched.
 */
export class DrillRedis {
  private process: EntryProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly logFile: string,
  ) {}

  static async start(logFile: string): Promise<DrillRedis> {
    const redis = new DrillRedis(await freePort(), logFile);
    await redis.launch();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** SIGKILL, then a fresh empty server on the same port: every key is gone. */
  async restart(): Promise<void> {
    await this.stop('SIGKILL');
    await this.launch();
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const running = this.process;
    this.process = undefined;
    if (!running) return;
    running.kill(signal);
    await running.exited;
  }

  private async launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'];
    const redis = startChildProcess('redis-server', args, { env: { PATH: process.env['PATH'] ?? '' }, logFile: this.logFile });
    this.process = redis;
    await waitForOutputLine(redis, /Ready to accept connections/, 1, 20_000);
  }
}
