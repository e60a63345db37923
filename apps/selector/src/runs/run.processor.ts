import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ContractViolation, parseContract, QueueName, RunCancelled, RunJob, runIdOf, runJobs, runUnderContract, type RunSpec } from '@alkdrec/contracts';
import { resolveQueueTuning, SERVICE_CONFIG, WorkerHost, type JobVanishedError } from '@alkdrec/service-kit';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { SelectorConfig } from '../config/selector-env.schema';
import { isCancellation, RunInterrupted } from '../jobs/run-interrupted';
import { STAGE_DEPS, type StageDeps } from '../stages/stage-deps.token';
import { watchForCancel } from './cancel-watch';
import { DatasetNotImported, driveRun } from './drive-run';
import { LocalDrivers } from './local-drivers';
import { ProgressRecorder } from './progress-recorder';
import { RunMetrics } from './run-metrics';

/** How soon a run handed back at shutdown may be taken again (by this selector's successor or another). */
const RESUME_DELAY_MS = 1_000;

/**
 * Consumes alkdrec.runs: one job drives one run through its stages. The driver mostly waits on other
 * services, so at shutdown it is interrupted and its job handed back to the queue (delayed, no
 * attempt used) rather than holding the shutdown: the next selector resumes the run from the
 * database. A selector killed outright loses the job's lock; BullMQ moves it back within the
 * lock duration (RUNS_LOCK_DURATION_MS) and the run resumes the same way.
 *
 * A driver whose job is no longer ours in Redis (its lock could not be renewed: Redis lost the job,
 * or the lock expired and the job went back to the queue) stops: the run goes on in the job's
 * next driver — re-queued by BullMQ, or re-driven from PostgreSQL by RunRedriver.
 *
 * A cancelled run (RunClient.cancel; the driver looks every RUNS_CANCEL_CHECK_MS) ends its job
 * without error, returning RunCancelled. The driver's progress goes to the job (for followers) and,
 * at most once per RUNS_PROGRESS_WRITE_MS, to the run's row (for readers without Redis).
 */
@Injectable()
export class RunProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(RunProcessor.name);
  private readonly shutdown = new AbortController();
  private readonly metrics = new RunMetrics();
  private readonly tuning;
  private readonly cancelCheckMs: number;
  private readonly progressWriteMs: number;

  constructor(
    private readonly host: WorkerHost,
    private readonly drivers: LocalDrivers,
    @Inject(STAGE_DEPS) private readonly deps: StageDeps,
    @Inject(SERVICE_CONFIG) config: SelectorConfig,
  ) {
    this.tuning = resolveQueueTuning(QueueName.Runs, config);
    this.cancelCheckMs = config.RUNS_CANCEL_CHECK_MS;
    this.progressWriteMs = config.RUNS_PROGRESS_WRITE_MS;
  }

  onApplicationBootstrap(): void {
    const worker = this.host.startInline(QueueName.Runs, (job, token) => this.process(job, token), this.tuning, {
      onDrain: () => this.shutdown.abort(new RunInterrupted('shutdown')),
    });
    worker.on('lockRenewalFailed', (jobIds: string[]) => jobIds.forEach((jobId) => this.drivers.stop(jobId)));
  }

  async process(job: Job, token?: string): Promise<unknown> {
    if (job.name !== RunJob.Run) throw new UnrecoverableError(`the selector has no handler for run job "${job.name}"`);
    const jobId = job.id as string;
    const driver = this.drivers.start(jobId);
    try {
      return await runUnderContract(runJobs[RunJob.Run], job, ({ spec }) =>
        this.metrics.observe(spec.strategy, () => this.drive(job, token, spec, driver.signal)),
      );
    } catch (error) {
      if (isCancellation(error)) return this.cancelled(job, error);
      if (error instanceof RunInterrupted) return await this.handBack(job, token, error);
      // Retrying cannot help these: the run's record says why it failed.
      if (error instanceof ContractViolation || error instanceof DatasetNotImported || error instanceof RangeError) {
        throw new UnrecoverableError(`${error.name}: ${error.message}`);
      }
      throw error;
    } finally {
      driver.end();
    }
  }

  private async drive(job: Job, token: string | undefined, spec: RunSpec, driverSignal: AbortSignal) {
    const jobId = job.id as string;
    const runId = runIdOf(spec);
    const cancel = watchForCancel(() => this.deps.runs.status(runId), this.cancelCheckMs);
    const progress = new ProgressRecorder((p) => this.deps.runs.saveProgress(runId, p), this.progressWriteMs, (error) =>
      this.logger.warn({ msg: `could not store the run's progress (${error.message}); the next report tries again`, jobId }),
    );
    try {
      return await driveRun(spec, this.deps, {
        signal: AbortSignal.any([this.shutdown.signal, driverSignal, cancel.signal]),
        report: (p) => {
          void job.updateProgress(p).catch(() => undefined);
          progress.record(p);
        },
        holdsRun: () => this.holdsLock(job, token),
        onStageReentered: (stage, error: JobVanishedError) =>
          this.logger.warn({ msg: `Redis lost a job the ${stage} stage waited for; entering the stage again`, jobId, stage, lost: error.jobId, queue: error.queue }),
      });
    } finally {
      cancel.stop();
      await progress.close();
    }
  }

  /** A cancelled run's job ends without error; its result says so. */
  private cancelled(job: Job, interruption: RunInterrupted): RunCancelled {
    const { spec } = job.data as { spec: RunSpec };
    const runId = runIdOf(spec);
    this.logger.log({ msg: `run ${runId} was cancelled${interruption.stage ? ` in its ${interruption.stage} stage` : ''}; its driver stopped`, runId, jobId: job.id, stage: interruption.stage });
    return parseContract(RunCancelled, { runId, state: 'CANCELLED', stage: interruption.stage }, 'run job result');
  }

  /**
   * A stopped driver gives its job back to the queue (delayed, no attempt used) so the next driver
   * resumes the run from the database. A job that is no longer ours cannot be given back: it is
   * left to whoever holds it now (BullMQ cannot record this attempt either and says so once).
   */
  private async handBack(job: Job, token: string | undefined, interruption: RunInterrupted): Promise<never> {
    const jobId = job.id as string;
    try {
      await job.moveToDelayed(Date.now() + RESUME_DELAY_MS, token);
    } catch (error) {
      this.logger.warn({ msg: `driver stopped: ${interruption.message}`, jobId, reason: interruption.reason, detail: (error as Error).message });
      throw interruption;
    }
    this.logger.log({ msg: `run handed back to the queue (${interruption.message})`, jobId, reason: interruption.reason });
    throw new DelayedError();
  }

  /** Whether this driver still holds its job's lock: renewing it succeeds only for the lock's owner. */
  private async holdsLock(job: Job, token: string | undefined): Promise<boolean> {
    if (!token) return false;
    try {
      return (await job.extendLock(token, this.tuning.lockDurationMs)) === 1;
    } catch {
      return false;
    }
  }
}
