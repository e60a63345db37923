import { Injectable } from '@nestjs/common';
import { RunInterrupted } from '../jobs/run-interrupted';

/**
 * The run jobs this selector is driving right now, each with a switch that stops its driver when
 * the job is no longer ours in Redis (its lock could not be renewed, or Redis lost the job). BullMQ
 * itself keeps running a processor whose lock is gone; without this, that driver would go on as a
 * zombie beside the run's re-driven job.
 */
@Injectable()
export class LocalDrivers {
  private readonly drivers = new Map<string, AbortController>();

  /** Registers the driver of `jobId`; `signal` aborts with RunInterrupted('lock-lost') on stop(). */
  start(jobId: string): { signal: AbortSignal; end(): void } {
    // Another job under this id reaching us means the earlier one here is certainly not ours any more.
    this.stop(jobId);
    const controller = new AbortController();
    this.drivers.set(jobId, controller);
    return {
      signal: controller.signal,
      end: () => {
        if (this.drivers.get(jobId) === controller) this.drivers.delete(jobId);
      },
    };
  }

  /** Stops the driver of `jobId` if one runs here; true if there was one (it ends shortly). */
  stop(jobId: string): boolean {
    const controller = this.drivers.get(jobId);
    if (!controller) return false;
    if (!controller.signal.aborted) controller.abort(new RunInterrupted('lock-lost'));
    return true;
  }
}
