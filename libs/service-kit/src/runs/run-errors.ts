import type { RunStageName, RunState } from '@alkdrec/contracts';

/**
 * The RunClient's expected errors, typed so each caller maps them to its own answer (the CLI to an
 * exit code, the api to an HTTP status) with the message as is: one line naming the run.
 */
export abstract class RunClientError extends Error {
  abstract readonly runId: string | undefined;
}

/** No run with this id (nothing submitted it). */
export class RunNotFoundError extends RunClientError {
  override name = 'RunNotFoundError';
  constructor(readonly runId: string) {
    super(`run ${runId} does not exist`);
  }
}

/** A run was submitted for a dataset PostgreSQL does not have: nothing was queued. */
export class UnknownDatasetError extends RunClientError {
  override name = 'UnknownDatasetError';
  readonly runId = undefined;
  constructor(readonly dataset: string) {
    super(`dataset "${dataset}" is not imported; import it first, then submit the run`);
  }
}

/** What was asked cannot be done to a run in its state (cancelling a finished run). */
export class RunStateError extends RunClientError {
  override name = 'RunStateError';
  constructor(
    readonly runId: string,
    readonly state: RunState,
    action: string,
    allowed: string,
  ) {
    super(`run ${runId} has ${describeState(state)}: only ${allowed} run can be ${action}`);
  }
}

/** The followed run ended FAILED; `reason` is the error stored on it (or its job's). */
export class RunFailedError extends RunClientError {
  override name = 'RunFailedError';
  constructor(
    readonly runId: string,
    readonly reason: string,
  ) {
    super(`run ${runId} failed: ${reason}`);
  }
}

/** The followed run was cancelled (RunClient.cancel); `stage`: where it stopped. */
export class RunCancelledError extends RunClientError {
  override name = 'RunCancelledError';
  constructor(
    readonly runId: string,
    readonly stage: RunStageName | null,
  ) {
    super(`run ${runId} was cancelled${stage ? ` in its ${stage} stage` : ''}`);
  }
}

/**
 * Redis lost the followed run's driver job and no selector drove the run again within `waitedMs`.
 * What the run finished is kept in PostgreSQL: submitting (or resuming) it again goes on from there.
 */
export class RunJobLostError extends RunClientError {
  override name = 'RunJobLostError';
  constructor(
    readonly runId: string,
    readonly waitedMs: number,
    /** Why Redis could not be asked meanwhile, if it could not. */
    readonly unreachable?: string,
  ) {
    super(
      `Redis lost run ${runId}'s job and no selector re-drove it within ${Math.round(waitedMs / 1000)} s` +
        (unreachable ? ` (Redis is unreachable: ${unreachable})` : ''),
    );
  }
}

function describeState(state: RunState): string {
  switch (state) {
    case 'RUNNING':
      return 'not finished (RUNNING)';
    case 'SUCCEEDED':
      return 'already SUCCEEDED';
    case 'FAILED':
      return 'already FAILED';
    case 'CANCELLED':
      return 'been CANCELLED';
  }
}
