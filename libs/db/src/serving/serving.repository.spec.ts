import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrismaClient, type PrismaClient } from '../prisma-client';
import { createEmptyDataset } from '../testing/seed';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { ServingError } from './serving-error';
import { replay, ServingRepository } from './serving.repository';

let db: TestDatabase;
let serving: ServingRepository;

async function model(id: string, datasetId: number, status: 'READY' | 'TRAINING' | 'FAILED' = 'READY'): Promise<string> {
  await db.prisma.model.create({ data: { id, datasetId, backbone: 'fpmc', role: 'student', dim: 10, seed: 1, config: {}, status } });
  return id;
}

before(async () => {
  db = await createTestDatabase();
  serving = new ServingRepository(db.prisma);
  const ml = await createEmptyDataset(db.prisma, 'ml');
  const games = await createEmptyDataset(db.prisma, 'games');
  await createEmptyDataset(db.prisma, 'empty');
  for (const id of ['a', 'b', 'c']) await model(`ml-${id}`, ml);
  await model('ml-training', ml, 'TRAINING');
  await model('ml-failed', ml, 'FAILED');
  await model('games-a', games);
  await model('games-b', games);
  for (let i = 0; i < 8; i++) await model(`games-race-${i}`, games);
});
after(() => db.drop());

function refusal(reason: string, field: string, message: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ServingError, String(error));
    assert.equal(error.reason, reason);
    assert.equal(error.field, field);
    assert.match(error.message, message);
    return true;
  };
}

describe(ServingRepository.name, () => {
  it('promotes, rolls back to the model promoted before, and keeps the history', async () => {
    assert.equal(await serving.current('ml'), null);
    const v0 = await serving.version();
    const first = await serving.promote('ml', 'ml-a', 'alice');
    assert.deepEqual([first.dataset, first.modelId, first.action, first.by], ['ml', 'ml-a', 'promote', 'alice']);
    assert.ok((await serving.version()) > v0);
    await serving.promote('ml', 'ml-b');
    await serving.promote('ml', 'ml-c');
    assert.equal((await serving.current('ml'))?.modelId, 'ml-c');

    const back = await serving.rollback('ml', 'bob');
    assert.deepEqual([back.modelId, back.action, back.by], ['ml-b', 'rollback', 'bob']);
    assert.equal((await serving.rollback('ml')).modelId, 'ml-a');
    assert.equal((await serving.current('ml'))?.modelId, 'ml-a');
    await assert.rejects(serving.rollback('ml'), refusal('nothing-to-roll-back', 'dataset', /^dataset: no model was promoted for dataset "ml" before "ml-a"/));

    const history = await serving.history('ml');
    assert.deepEqual(history.map((h) => `${h.action}:${h.modelId}`), ['rollback:ml-a', 'rollback:ml-b', 'promote:ml-c', 'promote:ml-b', 'promote:ml-a']);
    assert.deepEqual(history.map((h) => h.promotionId), [...history.map((h) => h.promotionId)].sort((x, y) => y - x));
    assert.equal((await serving.history('ml', 2)).length, 2);
    assert.equal(await serving.version(), history[0]?.promotionId);
  });

  it('does not record promoting the model that already serves', async () => {
    const before = await serving.version();
    const again = await serving.promote('ml', 'ml-a');
    assert.equal(again.modelId, 'ml-a');
    assert.equal(await serving.version(), before);
  });

  it('refuses unknown datasets and models, models of another dataset and models not READY, naming the field', async () => {
    const before = await serving.version();
    await assert.rejects(serving.promote('nope', 'ml-a'), refusal('unknown-dataset', 'dataset', /^dataset: dataset "nope" not found$/));
    await assert.rejects(serving.promote('ml', 'nope'), refusal('unknown-model', 'modelId', /^modelId: model "nope" not found$/));
    await assert.rejects(serving.promote('ml', 'games-a'), refusal('wrong-dataset', 'modelId', /^modelId: model "games-a" was trained on dataset "games", not "ml"$/));
    await assert.rejects(serving.promote('ml', 'ml-training'), refusal('not-ready', 'modelId', /is TRAINING, not READY/));
    await assert.rejects(serving.promote('ml', 'ml-failed'), refusal('not-ready', 'modelId', /is FAILED, not READY/));
    await assert.rejects(serving.rollback('empty'), refusal('nothing-to-roll-back', 'dataset', /no model serves dataset "empty"/));
    await assert.rejects(serving.rollback('nope'), refusal('unknown-dataset', 'dataset', /not found/));
    await assert.rejects(serving.current('nope'), refusal('unknown-dataset', 'dataset', /not found/));
    assert.equal(await serving.version(), before, 'nothing written');
  });

  it('lists the serving model of every dataset and what changed since a version', async () => {
    const before = await serving.version();
    await serving.promote('games', 'games-a');
    const afterGames = await serving.version();
    await serving.promote('ml', 'ml-c');
    assert.deepEqual((await serving.currentAll()).map((s) => [s.dataset, s.modelId]).sort(), [['games', 'games-a'], ['ml', 'ml-c']]);
    assert.deepEqual(await serving.changedSince(before), { version: await serving.version(), datasets: ['games', 'ml'] });
    assert.deepEqual((await serving.changedSince(afterGames)).datasets, ['ml']);
    assert.deepEqual(await serving.changedSince(await serving.version()), { version: await serving.version(), datasets: [] });
  });

  it('keeps a consistent history when replicas promote and roll back at the same time', async () => {
    const replicas: PrismaClient[] = Array.from({ length: 4 }, () => createPrismaClient({ databaseUrl: db.databaseUrl, schema: db.schema }));
    try {
      const repos = replicas.map((client) => new ServingRepository(client));
      await Promise.all(Array.from({ length: 8 }, (_, i) => repos[i % 4]!.promote('games', `games-race-${i}`)));
      // Two rollbacks at once must pop two different models, not restore the same one twice.
      const [x, y] = await Promise.all([repos[0]!.rollback('games'), repos[1]!.rollback('games')]);
      assert.notEqual(x.modelId, y.modelId);
      const rows = await db.prisma.servingPromotion.findMany({ where: { dataset: { name: 'games' } }, orderBy: { id: 'asc' } });
      assert.equal(rows.filter((r) => r.action === 'promote').length, 9);
      // Every row's model is what a sequential replay of the rows before it gives.
      for (let i = 0; i < rows.length; i++) assert.equal(replay(rows.slice(0, i + 1)).at(-1), rows[i]!.modelId, `row ${i}`);
      assert.equal((await serving.current('games'))?.modelId, replay(rows).at(-1));
      const firstOfRace = rows.find((r) => r.modelId.startsWith('games-race-'))!;
      assert.deepEqual(await serving.changedSince(firstOfRace.id - 1), { version: rows.at(-1)!.id, datasets: ['games'] });
    } finally {
      await Promise.all(replicas.map((client) => client.$disconnect()));
    }
  });
});
