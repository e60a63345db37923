import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueueName, type RunStrategy } from '@alkdrec/contracts';
import type { Queue } from 'bullmq';
import type { RunProgressReporter } from '../output/run-progress-reporter';
import type { ServiceProcess } from './service-process';
import { ensureServices, RUN_SERVICES, type RunServiceRole } from './ensure-services';

interface Harness {
  notes: string[];
  started: RunServiceRole[][];
  waited: { queue: string; timeoutMs: number }[];
  services: ServiceProcess;
  run: () => Promise<ServiceProcess | undefined>;
}

/** ensureServices over stub queues with `workers` connected workers each (0 where not given). */
function harness(workers: Partial<Record<QueueName, number>>, strategy: RunStrategy = 'alkdrec', spawn = true): Harness {
  const notes: string[] = [];
  const started: RunServiceRole[][] = [];
  const waited: { queue: string; timeoutMs: number }[] = [];
  const queues = new Map<QueueName, Queue>();
  const queueOf = (name: QueueName): Queue => {
    let queue = queues.get(name);
    if (!queue) {
      queue = { name, getWorkersCount: async () => workers[name] ?? 0 } as unknown as Queue;
      queues.set(name, queue);
    }
    return queue;
  };
  const services = {
    pid: 4242,
    logFile: '/tmp/alkdrec-services.log',
    waitUntilConnected: async (queue: Queue, timeoutMs: number) => {
      waited.push({ queue: queue.name, timeoutMs });
    },
  } as unknown as ServiceProcess;
  const reporter: RunProgressReporter = { update: () => undefined, note: (text) => notes.push(text), stop: () => undefined };
  return {
    notes,
    started,
    waited,
    services,
    run: () =>
      ensureServices({
        strategies: [strategy],
        queueOf,
        spawn,
        start: (roles) => {
          started.push([...roles]);
          return services;
        },
        startTimeoutMs: 12_345,
        reporter,
      }),
  };
}

const ALL_UP = { [QueueName.Runs]: 1, [QueueName.Trainer]: 2, [QueueName.LlmRanking]: 1 };

describe(ensureServices.name, () => {
  it('starts nothing when every service is connected', async () => {
    const h = harness(ALL_UP);
    assert.equal(await h.run(), undefined);
    assert.deepEqual(h.started, []);
    assert.deepEqual(h.waited, []);
    assert.equal(h.notes.length, 1);
    assert.match(h.notes[0] ?? '', /services connected \(selector, trainer, llm-worker\)/);
  });

  it('starts the missing services together, in RUN_SERVICES order, and waits for each', async () => {
    const h = harness({ [QueueName.Runs]: 1 });
    assert.equal(await h.run(), h.services);
    assert.deepEqual(h.started, [['trainer', 'llm-worker']]);
    assert.deepEqual(
      RUN_SERVICES.filter((s) => s.role !== 'selector').map((s) => s.role),
      ['trainer', 'llm-worker'],
      'RUN_SERVICES order',
    );
    assert.deepEqual(h.waited, [
      { queue: QueueName.Trainer, timeoutMs: 12_345 },
      { queue: QueueName.LlmRanking, timeoutMs: 12_345 },
    ]);
    assert.ok(h.notes.some((n) => n.includes('started trainer, llm-worker') && n.includes('pid 4242') && n.includes('/tmp/alkdrec-services.log')), h.notes.join('\n'));
    assert.ok(h.notes.some((n) => n === 'trainer, llm-worker connected'), h.notes.join('\n'));
  });

  it('starts all three when none is connected', async () => {
    const h = harness({});
    await h.run();
    assert.deepEqual(h.started, [['selector', 'trainer', 'llm-worker']]);
    assert.deepEqual(h.waited.map((w) => w.queue), [QueueName.Runs, QueueName.Trainer, QueueName.LlmRanking]);
  });

  it('needs no llm-worker for tr', async () => {
    const h = harness({ [QueueName.Runs]: 1, [QueueName.Trainer]: 1 }, 'tr');
    assert.equal(await h.run(), undefined);
    assert.deepEqual(h.started, []);
    assert.deepEqual(h.waited, []);
    assert.match(h.notes[0] ?? '', /services connected \(selector, trainer\)/);
  });

  it('with --no-spawn starts nothing and says how to start the missing roles', async () => {
    const h = harness({ [QueueName.Runs]: 1 }, 'alkdrec', false);
    assert.equal(await h.run(), undefined);
    assert.deepEqual(h.started, []);
    assert.deepEqual(h.waited, []);
    assert.equal(h.notes.length, 1);
    assert.match(h.notes[0] ?? '', /waiting for trainer, llm-worker to connect \(--no-spawn\)/);
    assert.match(h.notes[0] ?? '', /ALKDREC_ROLES=trainer,llm-worker node docker\/start-role\.js/);
  });
});
