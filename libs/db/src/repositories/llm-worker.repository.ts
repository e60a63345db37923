import type { PrismaClient } from '../../generated/prisma';

export interface LlmWorkerRegistration {
  /** Unique per process start (host:pid:random): a restarted process is a new worker. */
  id: string;
  host: string;
  pid: number;
  provider: string;
  model: string;
  /** How long after its last heartbeat the worker counts as dead; it promises to beat well within it. */
  leaseMs: number;
}

/**
 * SQL condition "the worker `<column>` names is alive": registered, not stopped, and heartbeating
 * within its own lease. Every reader (claim takeover, the lost-request sweep) uses this one
 * definition, and each worker's lease is its own stored promise, so they cannot disagree.
 */
export function workerAliveSql(column: string): string {
  return `EXISTS (SELECT 1 FROM "LlmWorker" w WHERE w."id" = ${column} AND w."stoppedAt" IS NULL
                  AND w."heartbeatAt" > now() - make_interval(secs => w."leaseMs"::double precision / 1000))`;
}

/**
 * The llm-worker processes, so that a claim or a request left behind by a dead one is known to be
 * dead within seconds (its lease), not after a fixed 10-minute lease, and a stopped one at once.
 */
export class LlmWorkerRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async register(worker: LlmWorkerRegistration): Promise<void> {
    if (!(Number.isSafeInteger(worker.leaseMs) && worker.leaseMs > 0)) throw new RangeError(`leaseMs must be a positive integer, got ${worker.leaseMs}`);
    await this.prisma.llmWorker.create({ data: { ...worker, heartbeatAt: new Date() } });
  }

  /** Keeps the worker alive for another lease; false when it is unknown or was stopped (it must not go on). */
  async heartbeat(id: string): Promise<boolean> {
    const updated = await this.prisma.$executeRawUnsafe(
      `UPDATE "LlmWorker" SET "heartbeatAt" = now() WHERE "id" = $1 AND "stoppedAt" IS NULL`,
      id,
    );
    return updated === 1;
  }

  /** A graceful stop: whatever it still holds is free at once. */
  async stop(id: string): Promise<void> {
    await this.prisma.$executeRawUnsafe(`UPDATE "LlmWorker" SET "stoppedAt" = now() WHERE "id" = $1 AND "stoppedAt" IS NULL`, id);
  }

  async isAlive(id: string): Promise<boolean> {
    const rows = await this.prisma.$queryRawUnsafe<{ alive: boolean }[]>(`SELECT ${workerAliveSql('$1')} AS "alive"`, id);
    return rows[0]?.alive === true;
  }
}
