import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ContractViolation, type LlmRankingResult } from '@alkdrec/contracts';
import { RunRepository } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { collectRankings, rowOfChildKey } from './collect-rankings';

const RUN = 'collect-test.fpmc.alkdrec.replay.b3.s1';
let db: TestDatabase;
let runs: RunRepository;

before(async () => {
  db = await createTestDatabase();
  const dataset = await db.prisma.dataset.create({
    data: { name: 'collect-test', itemCount: 10, rowCount: 0, droppedRows: 0, droppedItems: 0, trainCount: 0, validCount: 0, testCount: 0, source: {} },
  });
  runs = new RunRepository(db.prisma);
  await runs.open({ id: RUN, datasetId: dataset.id, backbone: 'fpmc', strategy: 'alkdrec', provider: 'replay', budget: 3, seed: 1, spec: {} });
  await runs.startStage(RUN, 'select');
  await runs.saveSelection(RUN, {
    sessions: [3, 5, 7].map((row, order) => ({ row, order, rank: order + 1, probability: 0.5, difficulty: -0.1 * row })),
    poolSize: 3,
    poolNote: 'test',
    wallMs: 1,
    detail: 'test',
  });
});
after(() => db.drop());

const key = (row: number) => `bull-test:alkdrec.llm.ranking:rank-${RUN}-${row}`;
function result(row: number, status: LlmRankingResult['status'], ranking: number[]): LlmRankingResult {
  return { runId: RUN, row, status, ranking, truePosition: null, droppedIds: 0, costUsd: 0.002, cached: false, attempts: 1 };
}

describe(rowOfChildKey.name, () => {
  it('reads the session row at the end of a ranking job key', () => {
    assert.equal(rowOfChildKey(key(1234)), 1234);
    assert.throws(() => rowOfChildKey('bull:queue:collect-x'), /cannot read a session row/);
  });
});

describe(collectRankings.name, () => {
  it('refuses a malformed child result or one of another run, storing nothing', async () => {
    await assert.rejects(collectRankings(RUN, { values: { [key(3)]: { row: 3 } }, failures: {} }, runs), ContractViolation);
    await assert.rejects(
      collectRankings(RUN, { values: { [key(3)]: { ...result(3, 'ranked', [1]), runId: 'other' } }, failures: {} }, runs),
      /answers run other/,
    );
    assert.equal((await runs.unanswered(RUN)).length, 3);
  });

  it('stores every answer and a failure for children that gave up, once', async () => {
    const children = {
      values: { [key(3)]: result(3, 'ranked', [4, 2, 9]), [key(5)]: result(5, 'parse-failed', []) },
      failures: { [key(7)]: 'provider kept failing' },
    };
    assert.deepEqual(await collectRankings(RUN, children, runs), { runId: RUN, stored: 3, failed: 1 });
    const stored = await runs.selection(RUN);
    assert.deepEqual(stored.map((s) => [s.row, s.llmStatus, s.ranking, s.costUsd]), [
      [3, 'ranked', [4, 2, 9], 0.002],
      [5, 'parse-failed', [], 0.002],
      [7, 'failed', [], 0],
    ]);
    // A retried collect job (or a second fan-out's parent) changes nothing already stored.
    const again = { values: { [key(3)]: result(3, 'ranked', [8]) }, failures: {} };
    assert.deepEqual(await collectRankings(RUN, again, runs), { runId: RUN, stored: 0, failed: 0 });
    assert.deepEqual((await runs.selection(RUN))[0]?.ranking, [4, 2, 9]);
  });
});
