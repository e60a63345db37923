/** Exit codes of the `alkdrec` command (README and `alkdrec --help` list them from EXIT_CODE_MEANINGS). */
export const ExitCode = {
  Ok: 0,
  /** The work failed: a job or run failed or was cancelled, a cancel was refused, or an unexpected error (a bug). */
  Failed: 1,
  /** Bad flags, arguments (a run id nobody submitted) or environment variables; nothing was done. */
  Usage: 2,
  /** Bad input data: a dataset file missing, unreadable, malformed or too small, a name taken or reserved. */
  BadInput: 3,
  /** PostgreSQL or Redis cannot be reached. */
  Unavailable: 4,
  /**
   * Redis lost the job being followed (restarted without persistence, or flushed) and nothing
   * brought it back in time; what was finished is in PostgreSQL: the same command resumes.
   */
  JobLost: 5,
  /** Stopped with Ctrl-C. */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** One line per exit code, for scripts' authors. */
export const EXIT_CODE_MEANINGS: Readonly<Record<ExitCode, string>> = {
  [ExitCode.Ok]: 'done',
  [ExitCode.Failed]: 'the work failed: a job or run failed or was cancelled, or an unexpected error (a bug: rerun with --verbose for its stack)',
  [ExitCode.Usage]: 'bad flags, arguments or environment variables; nothing was done',
  [ExitCode.BadInput]: 'bad input data: a dataset file is missing, unreadable, malformed or too small to train, or the name is taken or reserved; nothing was imported',
  [ExitCode.Unavailable]: 'PostgreSQL or Redis cannot be reached',
  [ExitCode.JobLost]: 'Redis lost the job being followed and no service brought it back in time; the same command resumes the run',
  [ExitCode.Interrupted]: 'stopped with Ctrl-C (or SIGTERM)',
};

/** The exit codes as a help section. */
export function exitCodesHelp(): string {
  const lines = Object.entries(EXIT_CODE_MEANINGS).map(([code, meaning]) => `  ${code.padEnd(4)}${meaning}`);
  return `\nExit codes:\n${lines.join('\n')}\n`;
}

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
