import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { QueueName, RunJob, runJobId, RunPayload } from '@alkdrec/contracts';
import { RunRepository } from '@alkdrec/db';
import { jobIsLive, QueueRegistry, SERVICE_CONFIG, submitJob } from '@alkdrec/service-kit';
import type { SelectorConfig } from '../config/selector-env.schema';
import { LocalDrivers } from './local-drivers';

/**
 * PostgreSQL is the truth about which runs are unfinished (status RUNNING); Redis only carries their
 * driver jobs (`run-<id>`) and keeps nothing on disk. At start and every RUNS_REDRIVE_INTERVAL_MS,
 * every RUNNING run whose driver job is not live — missing (Redis restarted or was flushed), left in
 * no list, completed or failed while the row says RUNNING (its driver died before writing the end) —
 * gets it back: the same deterministic id and the stored spec, via submitJob.
 *
 * Never two drivers of one run: BullMQ adds a job id atomically once (a second `add` of an existing
 * id is a no-op) and refuses to remove a locked (running) job, so selectors re-driving at the same
 * time, or beside a CLI resubmitting, end with one job; a run that ended (SUCCEEDED or FAILED in the
 * row) is never re-driven.
 */
@Injectable()
export class RunRedriver implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RunRedriver.name);
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<unknown> | undefined;
  private stopped = false;
  /** Runs whose stored spec was reported unreadable (once each). */
  private readonly unreadable = new Set<string>();
  /** The last pass's failure, reported once until a pass succeeds again. */
  private lastFailure = '';

  constructor(
    private readonly runs: RunRepository,
    private readonly queues: QueueRegistry,
    private readonly drivers: LocalDrivers,
    @Inject(SERVICE_CONFIG) config: SelectorConfig,
  ) {
    this.intervalMs = config.RUNS_REDRIVE_INTERVAL_MS;
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pass = this.redriveAll()
        .then(() => (this.lastFailure = ''))
        .catch((error: Error) => this.reportFailure(error))
        .finally(() => this.schedule(this.intervalMs));
    }, delayMs);
  }

  /** One pass over the RUNNING runs. */
  private async redriveAll(): Promise<void> {
    for (const runId of await this.runs.unfinished()) await this.redrive(runId);
  }

  private async redrive(runId: string): Promise<void> {
    const queue = this.queues.get(QueueName.Runs);
    const jobId = runJobId(runId);
    const state = await queue.getJobState(jobId);
    if (jobIsLive(state)) return;
    // Read after the job: a driver writes the run's end before its job finishes, so a run that has
    // just ended is seen as ended here.
    const run = await this.runs.find(runId);
    if (run?.status !== 'RUNNING') return;
    // A driver here whose job Redis lost has not noticed yet: stop it; the next pass re-drives.
    if (this.drivers.stop(jobId)) return;
    const payload = RunPayload.safeParse({ spec: run.spec });
    if (!payload.success) return this.reportUnreadable(runId, payload.error.issues);
    const { origin } = await submitJob(queue, RunJob.Run, payload.data, jobId);
    if (origin === 'joined') return; // another selector (or the CLI) was first
    const was = state === 'unknown' ? 'missing from Redis' : state;
    this.logger.warn({ msg: `run ${runId} had no live driver job (${was}); re-driven from PostgreSQL`, runId, jobId, previousState: state });
  }

  private reportUnreadable(runId: string, issues: unknown): void {
    if (this.unreadable.has(runId)) return;
    this.unreadable.add(runId);
    this.logger.error({ msg: `run ${runId} is RUNNING but its stored spec no longer matches the contract; it cannot be re-driven`, runId, issues });
  }

  private reportFailure(error: Error): void {
    if (error.message === this.lastFailure) return;
    this.lastFailure = error.message;
    this.logger.warn({ msg: `could not look for runs to re-drive (${error.message}); trying again every ${this.intervalMs} ms`, err: error });
  }
}
