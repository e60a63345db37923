import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueueUnavailableError } from '@alkdrec/service-kit';
import { errorToProblem } from './error-to-problem';

describe(errorToProblem.name, () => {
  it('answers 503 when Redis refuses a command because its connection is down (a queue write while Redis is away)', () => {
    for (const message of ["Stream isn't writeable and enableOfflineQueue options is false", 'Connection is closed.']) {
      for (const error of [new Error(message), new QueueUnavailableError('alkdrec.runs', new Error(message))]) {
        const problem = errorToProblem(error);
        assert.equal(problem?.status, 503, message);
        assert.match(problem?.detail ?? '', /Redis cannot be reached.*repeating the request is safe/);
      }
    }
  });

  it('answers 503 for a refused PostgreSQL connection, and leaves an unknown error to the 500 path', () => {
    assert.equal(errorToProblem(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))?.status, 503);
    assert.equal(errorToProblem(new Error('a bug')), undefined);
  });
});
