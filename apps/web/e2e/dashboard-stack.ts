import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { startEntryProcess, type EntryProcess } from '@alkdrec/process-kit';
import { chromium, type BrowserContext } from 'playwright-core';

export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
export const TOKEN = 'web-test-token-0123456789abcdef';
const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';

/** Debian's chromium (never a downloaded browser); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';

export interface DashboardStack {
  db: TestDatabase;
  prefix: string;
  /** http://127.0.0.1:<port> */
  url: string;
  api: EntryProcess;
  services: EntryProcess | undefined;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, api: EntryProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void api.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the api exited before it was ready:\n${api.stderr()}\n${api.lines().slice(-20).join('\n')}`);
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the api was not ready within ${timeoutMs} ms:\n${api.lines().slice(-20).join('\n')}`);
}

/**
 * The api as a real process (its entry, the built dashboard included) on a fresh schema and queue
 * prefix; with `services`, the selector, trainer and llm-worker beside it (one launcher, as
 * `ALKDREC_ROLES=selector,trainer,llm-worker` in the image), so runs submitted through it run.
 */
export async function startDashboardStack(options: { services: boolean }): Promise<DashboardStack> {
  const db = await createTestDatabase();
  const prefix = `test-web-${process.pid}-${Date.now().toString(36)}`;
  const port = await freePort();
  const uploads = mkdtempSync(join(tmpdir(), 'alkdrec-web-'));
  const common = { DATABASE_URL: db.databaseUrl, DATABASE_SCHEMA: db.schema, REDIS_URL, BULLMQ_PREFIX: prefix, LOG_LEVEL: 'warn' };
  const api = startEntryProcess(join(REPO_ROOT, 'apps/api/dist/main.js'), { ...common, API_TOKENS: TOKEN, HTTP_PORT: String(port), API_UPLOAD_DIR: uploads });
  const services = options.services
    ? startEntryProcess(join(REPO_ROOT, 'docker/start-role.js'), { ...common, ALKDREC_ROLES: 'selector,trainer,llm-worker' })
    : undefined;
  const url = `http://127.0.0.1:${port}`;
  const stop = async (child: EntryProcess | undefined) => {
    if (!child) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await child.exited;
    clearTimeout(timer);
  };
  const close = async () => {
    await Promise.all([stop(api), stop(services)]);
    await db.drop();
    await deleteKeys(prefix);
    rmSync(uploads, { recursive: true, force: true });
  };
  try {
    await waitReady(url, api);
  } catch (error) {
    await close();
    throw error;
  }
  return { db, prefix, url, api, services, close };
}

/** Removes this stack's queue keys (SCAN by prefix: never FLUSHDB on a shared Redis). */
async function deleteKeys(prefix: string): Promise<void> {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * Headless Chromium as this machine has it: no GPU, no network of its own, a fresh profile (a
 * persistent context over a new temporary directory: Playwright takes the profile that way).
 */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: the dashboard's browser tests drive Debian's chromium package (apt-get install -y chromium, as .ci/run does) — or set CHROMIUM_PATH`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'alkdrec-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** POSTs JSON with the token; the answer's JSON (throws with the body on an error status). */
export async function post<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Polls GET /v1/runs/:id until it is no longer RUNNING. */
export async function waitForRun(url: string, runId: string, timeoutMs: number): Promise<{ state: string; error: string | null }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/v1/runs/${encodeURIComponent(runId)}`);
    const run = (await response.json()) as { state: string; error: string | null };
    if (run.state !== 'RUNNING') return run;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`run ${runId} still RUNNING after ${timeoutMs} ms`);
}
