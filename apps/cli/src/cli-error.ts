/** Exit codes of the `alkdrec` command. */
export const ExitCode = {
  Ok: 0,
  /** The work failed: a job failed, a dependency was unreachable, an import was refused. */
  Failed: 1,
  /** Bad flags or arguments; nothing was done. */
  Usage: 2,
  /**
   * Redis lost the job being followed (restarted without persistence, or flushed) and nothing
   * brought it back in time; what was finished is in PostgreSQL: the same command resumes.
   */
  JobLost: 3,
  /** Stopped with Ctrl-C. */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error whose message is meant for the user as is (no stack trace). */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.Failed,
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, ExitCode.Usage);
  }
}
