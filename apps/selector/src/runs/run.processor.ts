import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ContractViolation, QueueName, RunJob, runJobs, runUnderContract } from '@alkdrec/contracts';
import { resolveQueueTuning, SERVICE_CONFIG, WorkerHost } from '@alkdrec/service-kit';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { SelectorConfig } from '../config/selector-env.schema';
import { RunInterrupted } from '../jobs/run-interrupted';
import { STAGE_DEPS, type StageDeps } from '../stages/stage-deps.token';
import { DatasetNotImported, driveRun } from './drive-run';

/** How soon a run handed back at shutdown may be taken again (by this selector's successor or another). */
const RESUME_DELAY_MS = 1_000;

/**
 * Consumes alkdrec.runs: one job drives one run through its stages. The driver mostly waits on other
 * services, so at shutdown it is interrupted and its job handed back to the queue (delayed, no
 * attempt used) rather than holding the shutdown: the next selector resumes the run from the
 * database. A selector killed outright loses the job's lock; BullMQ moves it back within the
 * lock duration (RUNS_LOCK_DURATION_MS) and the run resumes the same way.
 */
@Injectable()
export class RunProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(RunProcessor.name);
  private readonly shutdown = new AbortController();
  private readonly tuning;

  constructor(
    private readonly host: WorkerHost,
    @Inject(STAGE_DEPS) private readonly deps: StageDeps,
    @Inject(SERVICE_CONFIG) config: SelectorConfig,
  ) {
    this.tuning = resolveQueueTuning(QueueName.Runs, config);
  }

  onApplicationBootstrap(): void {
    this.host.startInline(QueueName.Runs, (job, token) => this.process(job, token), this.tuning, { onDrain: () => this.shutdown.abort() });
  }

  async process(job: Job, token?: string): Promise<unknown> {
    if (job.name !== RunJob.Run) throw new UnrecoverableError(`the selector has no handler for run job "${job.name}"`);
    try {
      return await runUnderContract(runJobs[RunJob.Run], job, ({ spec }) =>
        driveRun(spec, this.deps, { signal: this.shutdown.signal, report: (p) => void job.updateProgress(p).catch(() => undefined) }),
      );
    } catch (error) {
      if (error instanceof RunInterrupted) {
        this.logger.log({ msg: 'shutting down: run handed back to the queue; it resumes from its last finished stage', jobId: job.id });
        await job.moveToDelayed(Date.now() + RESUME_DELAY_MS, token);
        throw new DelayedError();
      }
      // Retrying cannot help these: the run's record says why it failed.
      if (error instanceof ContractViolation || error instanceof DatasetNotImported || error instanceof RangeError) {
        throw new UnrecoverableError(`${error.name}: ${error.message}`);
      }
      throw error;
    }
  }
}
