import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DatasetFileUnreadableError, DatasetNameTakenError } from '@alkdrec/db';
import { DatasetFormatError } from '@alkdrec/recsys';
import {
  ConfigError,
  JobFailedError,
  RunCancelledError,
  RunFailedError,
  RunJobLostError,
  RunNotFoundError,
  RunStateError,
  UnknownDatasetError,
} from '@alkdrec/service-kit';
import { CliError, ExitCode } from './cli-error';
import { debugFromEnv, describeFailure } from './describe-failure';

describe(describeFailure.name, () => {
  it('reports expected errors as their message alone, with an exit code per kind', () => {
    const cases: [Error, ExitCode][] = [
      [new DatasetFormatError('items.csv', 3, 'empty item id'), ExitCode.BadInput],
      [new DatasetFileUnreadableError('/data', 'it is a directory, not a file'), ExitCode.BadInput],
      [new DatasetNameTakenError('ml'), ExitCode.BadInput],
      [new ConfigError(['REDIS_URL: not a URL']), ExitCode.Usage],
      [new JobFailedError('job-1', 'train', 'dataset "x" cannot be trained on: …', 1), ExitCode.Failed],
      [new CliError('cannot reach Redis at redis://127.0.0.1:1', ExitCode.Unavailable), ExitCode.Unavailable],
    ];
    for (const [error, exitCode] of cases) {
      for (const verbose of [false, true]) {
        assert.deepEqual(describeFailure(error, verbose), { text: error.message, exitCode }, error.name);
      }
    }
  });

  it("maps the RunClient's errors: a lost job to exit 5 saying how to resume, a cancelled run to 1 with the resume command, an unknown run to 2", () => {
    const run = 'ml.fpmc.alkdrec.replay.b500.s1';
    assert.deepEqual(describeFailure(new RunJobLostError(run, 45_000), false), {
      text: `Redis lost run ${run}'s job and no selector re-drove it within 45 s. What the run finished is kept in PostgreSQL: run the same command again to resume it.`,
      exitCode: ExitCode.JobLost,
    });
    assert.deepEqual(describeFailure(new RunCancelledError(run, 'rank'), false), {
      text: `run ${run} was cancelled in its rank stage; resume it with: alkdrec resume ${run}`,
      exitCode: ExitCode.Failed,
    });
    assert.deepEqual(describeFailure(new RunFailedError(run, 'the teacher diverged'), false), { text: `run ${run} failed: the teacher diverged`, exitCode: ExitCode.Failed });
    assert.deepEqual(describeFailure(new RunStateError(run, 'FAILED', 'cancelled', 'a RUNNING'), false).exitCode, ExitCode.Failed);
    assert.deepEqual(describeFailure(new RunNotFoundError(run), false), { text: `run ${run} does not exist`, exitCode: ExitCode.Usage });
    assert.equal(describeFailure(new UnknownDatasetError('mine'), false).exitCode, ExitCode.Usage);
  });

  it('reports a bug in one line and how to see its stack, or the stack with --verbose', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'row')");
    const quiet = describeFailure(bug, false);
    assert.equal(quiet.exitCode, ExitCode.Failed);
    assert.equal(
      quiet.text,
      "unexpected error: TypeError: Cannot read properties of undefined (reading 'row')\n" +
        '(this is a bug; rerun with --verbose or ALKDREC_DEBUG=1 for the stack trace)',
    );
    const verbose = describeFailure(bug, true).text;
    assert.match(verbose, /^unexpected error: TypeError: Cannot read properties[^\n]*\n {4}at /);
    assert.equal(describeFailure('a thrown string', false).text.split('\n')[0], 'unexpected error: a thrown string');
  });

  it('escapes control characters, whatever the message holds', () => {
    assert.equal(describeFailure(new CliError('bad \u001b[2J input'), false).text, 'bad \\u001b[2J input');
  });
});

describe(debugFromEnv.name, () => {
  it('is on for ALKDREC_DEBUG=1 or true only', () => {
    assert.deepEqual(
      [undefined, '', '0', 'no', '1', 'true', 'TRUE'].map((value) => debugFromEnv(value === undefined ? {} : { ALKDREC_DEBUG: value })),
      [false, false, false, false, true, true, true],
    );
  });
});
