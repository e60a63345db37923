import { DatasetImportError } from '@alkdrec/db';
import { DatasetFormatError, escapeControlCharacters } from '@alkdrec/recsys';
import { ContractViolation } from '@alkdrec/contracts';
import {
  ConfigError,
  JobFailedError,
  JobVanishedError,
  RunCancelledError,
  RunClientError,
  RunJobLostError,
  RunNotFoundError,
  UnknownDatasetError,
} from '@alkdrec/service-kit';
import { CliError, ExitCode } from './cli-error';

/** How a command that threw ends: what to print after `alkdrec: ` and the exit code. */
export interface Failure {
  text: string;
  exitCode: ExitCode;
}

/**
 * The report of an error that ended a command. Errors the CLI expects (bad flags or environment,
 * bad input data, a dependency down, a failed job) are their message alone: the message names the
 * file, line or field. Anything else is a bug: one line and how to see more, or with `verbose`
 * (--verbose, ALKDREC_DEBUG=1) its stack trace. Control characters are escaped either way.
 */
export function describeFailure(error: unknown, verbose: boolean): Failure {
  const expected = expectedFailure(error);
  if (expected) return { text: escapeControlCharacters(expected.text), exitCode: expected.exitCode };
  const text = verbose
    ? `unexpected error: ${(error instanceof Error && error.stack) || String(error)}`
    : `unexpected error: ${String(error)}\n(this is a bug; rerun with --verbose or ALKDREC_DEBUG=1 for the stack trace)`;
  return { text: escapeControlCharacters(text), exitCode: ExitCode.Failed };
}

function expectedFailure(error: unknown): Failure | undefined {
  if (error instanceof CliError) return { text: error.message, exitCode: error.exitCode };
  if (error instanceof ConfigError) return { text: error.message, exitCode: ExitCode.Usage };
  if (error instanceof JobFailedError) return { text: error.message, exitCode: ExitCode.Failed };
  if (error instanceof JobVanishedError) return { text: `${error.message}; run the same command again to resume`, exitCode: ExitCode.JobLost };
  if (error instanceof RunClientError) return runFailure(error);
  // A stored run spec that no longer matches the contract (resume): the run cannot be driven.
  if (error instanceof ContractViolation) return { text: error.message, exitCode: ExitCode.Failed };
  if (error instanceof DatasetFormatError || error instanceof DatasetImportError) return { text: error.message, exitCode: ExitCode.BadInput };
  return undefined;
}

/** The RunClient's errors: a run id or dataset nobody has is a bad argument; the rest, work that failed. */
function runFailure(error: RunClientError): Failure {
  if (error instanceof RunJobLostError) {
    return { text: `${error.message}. What the run finished is kept in PostgreSQL: run the same command again to resume it.`, exitCode: ExitCode.JobLost };
  }
  if (error instanceof RunCancelledError) return { text: `${error.message}; resume it with: alkdrec resume ${error.runId}`, exitCode: ExitCode.Failed };
  if (error instanceof RunNotFoundError || error instanceof UnknownDatasetError) return { text: error.message, exitCode: ExitCode.Usage };
  return { text: error.message, exitCode: ExitCode.Failed };
}

/** ALKDREC_DEBUG=1 (or true): stack traces for unexpected errors, as --verbose. */
export function debugFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env['ALKDREC_DEBUG']?.trim().toLowerCase();
  return value === '1' || value === 'true';
}
