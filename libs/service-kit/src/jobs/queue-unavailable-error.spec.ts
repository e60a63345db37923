import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Queue } from 'bullmq';
import { QueueUnavailableError } from './queue-unavailable-error';
import { submitJob } from './submit-job';

describe('submitJob while Redis is away', () => {
  it('throws a QueueUnavailableError naming the queue when ioredis refuses the command offline, and other errors as they are', async () => {
    const refusing = (message: string) => ({ name: 'alkdrec.runs', getJob: () => Promise.reject(new Error(message)) }) as unknown as Queue;
    const offline = await submitJob(refusing("Stream isn't writeable and enableOfflineQueue options is false"), 'run', {}, 'run-x').catch((e: unknown) => e);
    assert.ok(offline instanceof QueueUnavailableError);
    assert.equal(offline.queue, 'alkdrec.runs');
    await assert.rejects(submitJob(refusing('ERR wrong number of arguments'), 'run', {}, 'run-x'), (e: unknown) => !(e instanceof QueueUnavailableError) && /wrong number/.test((e as Error).message));
  });
});
