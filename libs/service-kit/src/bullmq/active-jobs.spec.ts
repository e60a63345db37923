import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ActiveJobs } from './active-jobs';

describe(ActiveJobs.name, () => {
  it('is idle at once when nothing runs', async () => {
    assert.equal(await new ActiveJobs().waitForIdle(10), true);
  });

  it('wakes waiters when the last job leaves', async () => {
    const jobs = new ActiveJobs();
    jobs.add('a');
    jobs.add('b');
    const idle = jobs.waitForIdle(5_000);
    jobs.remove('a');
    assert.deepEqual(jobs.list(), ['b']);
    setTimeout(() => jobs.remove('b'), 10);
    assert.equal(await idle, true);
    assert.equal(jobs.size, 0);
  });

  it('gives up after the timeout while a job is still active', async () => {
    const jobs = new ActiveJobs();
    jobs.add('slow');
    const started = Date.now();
    assert.equal(await jobs.waitForIdle(50), false);
    assert.ok(Date.now() - started >= 45);
    assert.deepEqual(jobs.list(), ['slow']);
  });

  it('ignores removal of unknown ids', () => {
    const jobs = new ActiveJobs();
    jobs.add('a');
    jobs.remove('zzz');
    assert.equal(jobs.size, 1);
  });
});
