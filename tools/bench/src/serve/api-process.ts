import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { TestDatabase } from '@alkdrec/db/testing';
import { freePort, startEntryProcess, type EntryProcess } from '@alkdrec/process-kit';

/** The entry the image runs for the api role. */
const API_ENTRY = path.resolve(__dirname, '../../../../apps/api/dist/main.js');

export interface ApiProcess {
  url: string;
  process: EntryProcess;
  token: string;
  stop(): Promise<void>;
}

/**
 * The api as its own process, as deployed: NODE_ENV=production, LOG_LEVEL=warn (or `logLevel`), on a
 * free loopback port, over the bench's schema, with `nodeOptions` as NODE_OPTIONS when given;
 * resolves once /health/ready answers 200.
 */
export async function startApiProcess(db: TestDatabase, logFile: string, options: { nodeOptions?: string; logLevel?: string } = {}): Promise<ApiProcess> {
  const nodeOptions = options.nodeOptions ?? '';
  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  const child = startEntryProcess(
    API_ENTRY,
    {
      ALKDREC_ROLES: 'api',
      NODE_ENV: 'production',
      LOG_LEVEL: options.logLevel ?? 'warn',
      DATABASE_URL: db.databaseUrl,
      DATABASE_SCHEMA: db.schema,
      // Production has no developer defaults: both connections are named, as a deployment names them.
      REDIS_URL: process.env['REDIS_URL'] || 'redis://127.0.0.1:6379',
      HTTP_PORT: String(port),
      API_TOKENS: token,
      BULLMQ_PREFIX: `bench-serve-${randomBytes(4).toString('hex')}`,
      ...(nodeOptions === '' ? {} : { NODE_OPTIONS: nodeOptions }),
    },
    { logFile },
  );
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  void child.exited.then(() => (exited = true));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`the api exited during start; see ${logFile}:\n${child.stderr()}`);
    if (Date.now() > deadline) throw new Error(`the api was not ready within 60 s; see ${logFile}`);
    const ready = await fetch(`${url}/health/ready`).then((response) => response.status === 200, () => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    process: child,
    token,
    stop: async () => {
      child.kill('SIGTERM');
      await child.exited;
    },
  };
}

/** POST /v1/models/{id}/promote: the api answers once this replica serves the model. */
export async function promote(api: ApiProcess, modelId: string): Promise<void> {
  const response = await fetch(`${api.url}/v1/models/${encodeURIComponent(modelId)}/promote`, { method: 'POST', headers: { authorization: `Bearer ${api.token}` } });
  if (response.status !== 200) throw new Error(`promote ${modelId}: ${response.status} ${await response.text()}`);
}
