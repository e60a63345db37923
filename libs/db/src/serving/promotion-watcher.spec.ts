import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once, EventEmitter } from 'node:events';
import { createPrismaClient, type PrismaClient } from '../prisma-client';
import { createEmptyDataset } from '../testing/seed';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { PromotionWatcher, type PromotionEvent, type PromotionSource } from './promotion-watcher';
import { ServingRepository, type ServingChange } from './serving.repository';

let db: TestDatabase;
let otherReplica: PrismaClient;

before(async () => {
  db = await createTestDatabase();
  otherReplica = createPrismaClient({ databaseUrl: db.databaseUrl, schema: db.schema });
  for (const name of ['ml', 'games']) {
    const datasetId = await createEmptyDataset(db.prisma, name);
    for (const id of ['a', 'b']) {
      await db.prisma.model.create({ data: { id: `${name}-${id}`, datasetId, backbone: 'fpmc', role: 'student', dim: 10, seed: 1, config: {}, status: 'READY' } });
    }
  }
});
after(async () => {
  await otherReplica.$disconnect();
  await db.drop();
});

/** Collects the watcher's events; `next()` resolves with the next one. */
function recorder() {
  const events = new EventEmitter();
  const seen: PromotionEvent[] = [];
  return {
    seen,
    onChange: (event: PromotionEvent) => {
      seen.push(event);
      events.emit('change', event);
    },
    next: async () => ((await once(events, 'change')) as [PromotionEvent])[0],
  };
}

describe(PromotionWatcher.name, () => {
  it('sees a promote and a rollback made by another replica, with the datasets they touched', async () => {
    const serving = new ServingRepository(db.prisma);
    const changes = recorder();
    const watcher = new PromotionWatcher(serving, { intervalMs: 50, onChange: changes.onChange });
    const start = await serving.version();
    watcher.start(start);
    try {
      const elsewhere = new ServingRepository(otherReplica);
      const seen = changes.next();
      const promoted = await elsewhere.promote('ml', 'ml-a');
      assert.deepEqual(await seen, { version: promoted.promotionId, datasets: ['ml'], reset: false });

      const seenMore = changes.next();
      await elsewhere.promote('games', 'games-a');
      await elsewhere.promote('games', 'games-b');
      const rolledBack = await elsewhere.rollback('games');
      let event = await seenMore;
      while (event.version < rolledBack.promotionId) event = await changes.next(); // the three may span two polls
      assert.deepEqual(new Set(changes.seen.slice(1).flatMap((e) => e.datasets)), new Set(['games']));
      assert.equal(watcher.version, rolledBack.promotionId);
    } finally {
      await watcher.stop();
    }
  });

  it('reports a promotion made between the caller reading the version and starting it', async () => {
    const serving = new ServingRepository(db.prisma);
    const loadedAt = await serving.version();
    const promoted = await new ServingRepository(otherReplica).promote('ml', 'ml-b');
    const changes = recorder();
    const watcher = new PromotionWatcher(serving, { intervalMs: 50, onChange: changes.onChange });
    const seen = changes.next();
    watcher.start(loadedAt);
    try {
      assert.deepEqual(await seen, { version: promoted.promotionId, datasets: ['ml'], reset: false });
    } finally {
      await watcher.stop();
    }
  });

  it('keeps polling through an outage and a failing listener, then delivers the change once', async () => {
    // A fake source standing in for PostgreSQL: down for three polls, then a promotion appears.
    let version = 7;
    let down = 3;
    const source: PromotionSource = {
      version: async () => {
        if (down > 0) {
          down--;
          throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        }
        return version;
      },
      changedSince: async (since): Promise<ServingChange> => ({ version, datasets: since < version ? ['ml'] : [] }),
    };
    const errors: string[] = [];
    const changes = recorder();
    let listenerFailures = 1;
    const watcher = new PromotionWatcher(source, {
      intervalMs: 5,
      onError: (error) => errors.push((error as Error).message),
      onChange: (event) => {
        if (listenerFailures-- > 0) throw new Error('checkpoint store unreachable');
        changes.onChange(event);
      },
    });
    watcher.start(7);
    try {
      const seen = changes.next();
      version = 8;
      assert.deepEqual(await seen, { version: 8, datasets: ['ml'], reset: false });
      assert.deepEqual(errors, [...Array(3).fill('connect ECONNREFUSED 127.0.0.1:5432'), 'checkpoint store unreachable']);
    } finally {
      await watcher.stop();
    }
    assert.equal(changes.seen.length, 1, 'the failed delivery was retried, the successful one not repeated');
  });

  it('says to reload everything when the version goes down, and stops cleanly mid-poll', async () => {
    let version = 5;
    let release: () => void = () => undefined;
    let polls = 0;
    const source: PromotionSource = {
      version: async () => {
        polls++;
        if (version === 0) await new Promise<void>((resolve) => (release = resolve));
        return version;
      },
      changedSince: async () => assert.fail('not asked when the version went down'),
    };
    const changes = recorder();
    const watcher = new PromotionWatcher(source, { intervalMs: 5, onChange: changes.onChange });
    watcher.start();
    const seen = changes.next();
    while (watcher.version === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    version = 3;
    assert.deepEqual(await seen, { version: 3, datasets: [], reset: true });

    version = 0; // the next poll hangs until released
    const pollsBefore = polls;
    while (polls === pollsBefore) await new Promise((resolve) => setTimeout(resolve, 5));
    let stopped = false;
    const stopping = watcher.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(stopped, false, 'stop waits for the poll in flight');
    release();
    await stopping;
    const pollsAtStop = polls;
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(polls, pollsAtStop, 'no poll after stop');
    assert.equal(changes.seen.length, 1, 'a change seen while stopping is not delivered');
    assert.throws(() => {
      watcher.start();
      watcher.start();
    }, /already started/);
    await watcher.stop();
  });
});
