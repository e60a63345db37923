import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { QueueRegistry } from '../bullmq/queue-registry.service';
import type { HostedWorkerStatus, WorkerHost } from '../bullmq/worker-host.service';
import { QueuesHealthIndicator } from './queues.health';

function indicatorWith(status: { draining: boolean; workers: HostedWorkerStatus[] }) {
  const host = { status: () => status } as unknown as WorkerHost;
  return new QueuesHealthIndicator(new HealthIndicatorService(), {} as QueueRegistry, host, { queues: [], checkTimeoutMs: 100 });
}

describe(QueuesHealthIndicator.name, () => {
  const running: HostedWorkerStatus = { queue: 'alkdrec.trainer', running: true, activeJobs: [] };

  it('reports workers up while they run', () => {
    assert.equal(indicatorWith({ draining: false, workers: [running] }).checkWorkers()['workers'].status, 'up');
  });

  it('turns readiness down while draining for shutdown', () => {
    const result = indicatorWith({ draining: true, workers: [{ ...running, activeJobs: ['train-1'] }] }).checkWorkers();
    assert.equal(result['workers'].status, 'down');
    assert.equal((result['workers'] as { message?: string }).message, 'shutting down');
  });

  it('names a worker that stopped running', () => {
    const result = indicatorWith({ draining: false, workers: [{ ...running, running: false }] }).checkWorkers();
    assert.equal(result['workers'].status, 'down');
    assert.match(String((result['workers'] as { message?: string }).message), /not running: alkdrec\.trainer/);
  });
});
