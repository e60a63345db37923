import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import type { LlmRequestRepository, LlmWorkerRepository } from '@alkdrec/db';

/** A SENT request of ours older than this that we are not sending was never sent (see failUnsent). */
const UNSENT_AFTER_MS = 30_000;

/** What the presence waits for before letting go at shutdown: the queues' workers drained (WorkerHost). */
export interface DrainSignal {
  drained(): Promise<void>;
}

export interface PresenceOptions {
  provider: string;
  model: string;
  /** How long after its last heartbeat this worker counts as dead; it beats every fifth of it. */
  leaseMs: number;
}

/**
 * This process as the other llm-workers see it: registered in LlmWorker, heartbeating well within
 * its lease, and stopped on a graceful exit, so that a prompt it was sending is taken over within
 * seconds of its death (not after a fixed 10-minute lease) and its unanswered requests are counted
 * as lost rather than left as open reservations.
 *
 * It also keeps the list of requests and calls this process has in flight: each tick it sweeps the
 * requests of dead workers into LOST, and fails its own SENT rows that it is not sending (a write
 * whose reply was lost, then retried), so that no reservation stays open however a job ends.
 */
export class WorkerPresence {
  readonly id = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly logger = new Logger(WorkerPresence.name);
  private readonly requestsInFlight = new Set<string>();
  /** Requests whose answer arrived but could not be recorded: counted as lost by the next beats. */
  private readonly unrecorded = new Set<string>();
  private readonly callsInFlight = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private registered = false;

  constructor(
    private readonly workers: LlmWorkerRepository,
    private readonly requests: LlmRequestRepository,
    private readonly options: PresenceOptions,
    private readonly host?: DrainSignal,
  ) {}

  /** Nest: registered before any job can start (workers start at bootstrap). */
  onModuleInit(): Promise<void> {
    return this.start();
  }

  /** Nest: once the queues have drained, and before the database closes, let go of everything. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.host?.drained();
    await this.stop();
  }

  async start(): Promise<void> {
    try {
      await this.workers.register({
        id: this.id,
        host: hostname(),
        pid: process.pid,
        provider: this.options.provider,
        model: this.options.model,
        leaseMs: this.options.leaseMs,
      });
    } catch (error) {
      // Without a registration no claim of ours could be told from a dead worker's: do not start.
      const reason = ((error as Error).message.trim().split('\n').pop() ?? '').slice(0, 300);
      throw new Error(`cannot register this llm-worker in PostgreSQL (is the database reachable and migrated? npm run db:migrate): ${reason}`);
    }
    this.registered = true;
    this.logger.log({ msg: `registered as llm-worker ${this.id} (lease ${this.options.leaseMs} ms)`, workerId: this.id });
    this.timer = setInterval(() => void this.tick(), Math.max(200, Math.floor(this.options.leaseMs / 5)));
    this.timer.unref();
    await this.tick();
  }

  /** A request of this process is about to be recorded and sent, for call `callKey`. */
  begin(requestId: string, callKey: string): void {
    this.requestsInFlight.add(requestId);
    this.callsInFlight.set(callKey, (this.callsInFlight.get(callKey) ?? 0) + 1);
  }

  end(requestId: string, callKey: string): void {
    this.requestsInFlight.delete(requestId);
    const left = (this.callsInFlight.get(callKey) ?? 1) - 1;
    if (left > 0) this.callsInFlight.set(callKey, left);
    else this.callsInFlight.delete(callKey);
  }

  /**
   * The request was sent and its answer arrived, but recording it failed for good (the database
   * away longer than the write's retries): it was paid, so it must not be released as unsent. It
   * stays out of the sweep of unsent rows and is marked lost (billed at its estimate) by the next
   * beat that reaches the database.
   */
  unrecordedAnswer(requestId: string, callKey: string): void {
    this.unrecorded.add(requestId);
    this.end(requestId, callKey);
  }

  /** Whether this process is sending `callKey` now (so a claim of ours on it is not an orphan). */
  sending(callKey: string): boolean {
    return this.callsInFlight.has(callKey);
  }

  /** After shutdown's drain: whatever is still claimed or open under this worker is free, or lost, at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    if (!this.registered) return;
    await this.workers.stop(this.id);
    const lost = await this.requests.markLost();
    if (lost > 0) this.logger.warn({ msg: `${lost} unanswered request(s) of stopped workers counted as lost`, workerId: this.id, lost });
  }

  private tick(): Promise<void> {
    this.ticking ??= this.beat().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async beat(): Promise<void> {
    try {
      if (!(await this.workers.heartbeat(this.id))) {
        // Marked stopped or removed by someone else: our claims are already fair game. Say so loudly.
        this.logger.error({ msg: `llm-worker ${this.id} is no longer registered as alive; its claims may be taken over`, workerId: this.id });
      }
      const lost = await this.requests.markLost();
      if (lost > 0) this.logger.warn({ msg: `${lost} unanswered request(s) of dead workers counted as lost`, lost });
      if (this.unrecorded.size > 0) {
        const ids = [...this.unrecorded];
        const lost = await this.requests.markLost({ requestIds: ids });
        for (const id of ids) this.unrecorded.delete(id);
        this.logger.warn({ msg: `${lost} answered request(s) whose answer could not be recorded counted as lost`, lost });
      }
      const unsent = await this.requests.failUnsent(this.id, [...this.requestsInFlight, ...this.unrecorded], UNSENT_AFTER_MS);
      if (unsent > 0) this.logger.warn({ msg: `${unsent} request(s) recorded but never sent by this worker released`, unsent });
    } catch (error) {
      // The database is away: the next beat tries again (our lease gives several chances).
      this.logger.warn({ msg: `heartbeat failed: ${(error as Error).message}`, workerId: this.id });
    }
  }
}
