import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { startFakeServer, userPrompt } from './testing/fake-server-fixture';
import { candidateIds, MOVIELENS_ROW_0, MOVIELENS_ROW_0_RANKING_START, rankingIds, rankingPromptText } from './testing/ranking-prompt-fixture';

type Results = Map<string, Anthropic.Messages.MessageBatchIndividualResponse['result']>;

async function waitUntilEnded(client: Anthropic, id: string): Promise<{ polls: number; batch: Anthropic.Messages.MessageBatch }> {
  for (let polls = 1; ; polls++) {
    const batch = await client.messages.batches.retrieve(id);
    if (batch.processing_status === 'ended') return { polls, batch };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function resultsByCustomId(client: Anthropic, id: string): Promise<Results> {
  const results: Results = new Map();
  for await (const line of await client.messages.batches.results(id)) results.set(line.custom_id, line.result);
  return results;
}

const textOf = (result: Anthropic.Messages.MessageBatchResult | undefined): string => {
  assert.equal(result?.type, 'succeeded');
  const block = (result as Anthropic.Messages.MessageBatchSucceededResult).message.content[0];
  return block?.type === 'text' ? block.text : '';
};

describe('Anthropic Message Batches API (real SDK against the fake server)', () => {
  it('creates a batch, reports it in progress, ends it after the processing time and serves results by custom_id', async () => {
    const fake = await startFakeServer({ datasets: ['movielens-hetrec2011'], batchProcessingMs: 150 });
    try {
      const client = fake.anthropic();
      const requests = [
        { custom_id: 'row-0', params: userPrompt(rankingPromptText({ sessionIds: MOVIELENS_ROW_0.sessionIds, candidateIds: candidateIds(50) })) },
        { custom_id: 'unrecorded', params: userPrompt(rankingPromptText({ sessionIds: ['zz'], candidateIds: candidateIds(50) })) },
        { custom_id: 'hints', params: userPrompt('Summarise the recommendation logic as hints.') },
      ];
      const created = await client.messages.batches.create({ requests });
      assert.match(created.id, /^msgbatch_fake_/);
      assert.equal(created.type, 'message_batch');
      assert.equal(created.processing_status, 'in_progress');
      assert.deepEqual(created.request_counts, { processing: 3, succeeded: 0, errored: 0, canceled: 0, expired: 0 });
      assert.equal(created.results_url, null);
      await assert.rejects(client.messages.batches.results(created.id), /results_url/);

      const { polls, batch } = await waitUntilEnded(client, created.id);
      assert.ok(polls > 1, 'the batch was in progress for a while');
      assert.deepEqual(batch.request_counts, { processing: 0, succeeded: 3, errored: 0, canceled: 0, expired: 0 });
      assert.equal(batch.results_url, `${fake.url}/v1/messages/batches/${created.id}/results`);
      assert.ok(batch.ended_at !== null);

      const results = await resultsByCustomId(client, created.id);
      assert.deepEqual([...results.keys()].sort(), ['hints', 'row-0', 'unrecorded']);
      assert.deepEqual(rankingIds(textOf(results.get('row-0'))).slice(0, 5), MOVIELENS_ROW_0_RANKING_START);
      assert.equal(rankingIds(textOf(results.get('unrecorded'))).length, 25);
      assert.match(textOf(results.get('hints')), /^1\. Sequel/);

      const stats = fake.server.stats();
      assert.deepEqual(stats.batches, { created: 1, requests: 3 });
      assert.equal(stats.generations['batch-item'], 3);
      assert.deepEqual(stats.answers, { recorded: 1, deterministic: 1, hints: 1 });
    } finally {
      await fake.server.close();
    }
  });

  it('keeps batches in the server, so a new client (a restarted provider) resumes by batch id', async () => {
    const fake = await startFakeServer({ batchProcessingMs: 50 });
    try {
      const first = fake.anthropic();
      const { id } = await first.messages.batches.create({ requests: [{ custom_id: 'a', params: userPrompt('hints?') }] });
      const restarted = fake.anthropic();
      await waitUntilEnded(restarted, id);
      assert.match(textOf((await resultsByCustomId(restarted, id)).get('a')), /Simulated hint/);
    } finally {
      await fake.server.close();
    }
  });

  it('turns injected faults into errored and expired results with the real error body', async () => {
    const fake = await startFakeServer({
      batchProcessingMs: 0,
      schedule: [
        { fault: 'rate-limit-429', count: 1, endpoint: 'batch-item', promptIncludes: 'limit' },
        { fault: 'overloaded-529', count: 1, endpoint: 'batch-item', promptIncludes: 'overload' },
        { fault: 'hang', count: 1, endpoint: 'batch-item', promptIncludes: 'hang' },
        { fault: 'hang', count: 1, endpoint: 'messages' },
      ],
    });
    try {
      const client = fake.anthropic();
      const ids = ['limit', 'overload', 'hang', 'fine'];
      const { id } = await client.messages.batches.create({ requests: ids.map((custom_id) => ({ custom_id, params: userPrompt(`prompt ${custom_id}`) })) });
      const { batch } = await waitUntilEnded(client, id);
      assert.deepEqual(batch.request_counts, { processing: 0, succeeded: 1, errored: 2, canceled: 0, expired: 1 });
      const results = await resultsByCustomId(client, id);
      const limit = results.get('limit') as Anthropic.Messages.MessageBatchErroredResult;
      assert.equal(limit.type, 'errored');
      assert.equal(limit.error.type, 'error');
      assert.equal(limit.error.error.type, 'rate_limit_error');
      assert.equal((results.get('overload') as Anthropic.Messages.MessageBatchErroredResult).error.error.type, 'overloaded_error');
      assert.equal(results.get('hang')?.type, 'expired');
      assert.equal(results.get('fine')?.type, 'succeeded');
      const stats = fake.server.stats();
      assert.deepEqual(stats.faultsByEndpoint['batch-item'], { 'rate-limit-429': 1, 'overloaded-529': 1, 'server-error-500': 0, hang: 1, malformed: 0, 'off-candidate': 0 });
      assert.equal(stats.faults.hang, 1, 'the messages-only hang rule was not used by the batch');
    } finally {
      await fake.server.close();
    }
  });

  it('refuses unknown batches, duplicate custom_ids and invalid params, and returns results in no fixed order', async () => {
    const fake = await startFakeServer({ batchProcessingMs: 0 });
    try {
      const client = fake.anthropic();
      await assert.rejects(client.messages.batches.retrieve('msgbatch_nope'), Anthropic.NotFoundError);
      const duplicate = [0, 1].map(() => ({ custom_id: 'same', params: userPrompt('x') }));
      await assert.rejects(client.messages.batches.create({ requests: duplicate }), Anthropic.BadRequestError);
      await assert.rejects(
        client.messages.batches.create({ requests: [{ custom_id: 'ok', params: { model: 'm', messages: [] } as never }] }),
        /requests\.0\.params/,
      );
      assert.equal(fake.server.stats().batches.created, 0);

      const ids = Array.from({ length: 20 }, (_, i) => `r${i}`);
      const { id } = await client.messages.batches.create({ requests: ids.map((custom_id) => ({ custom_id, params: userPrompt(custom_id) })) });
      const order = [...(await resultsByCustomId(client, id)).keys()];
      assert.deepEqual([...order].sort(), [...ids].sort());
      assert.notDeepEqual(order, ids, 'clients must match results by custom_id, not by position');
    } finally {
      await fake.server.close();
    }
  });

  it('lists batches newest first, page by page through the SDK, and carries out a create whose response it drops', async () => {
    const fake = await startFakeServer({ batchProcessingMs: 0, dropBatchCreateResponses: 1 });
    try {
      const client = fake.anthropic();
      await assert.rejects(client.messages.batches.create({ requests: [{ custom_id: 'lost', params: userPrompt('lost') }] }), Anthropic.APIConnectionError);
      for (let i = 0; i < 4; i++) await client.messages.batches.create({ requests: [{ custom_id: `b${i}`, params: userPrompt(`b${i}`) }] });
      const listed: string[] = [];
      for await (const batch of client.messages.batches.list({ limit: 2 })) listed.push(batch.id);
      assert.equal(listed.length, 5, 'the dropped create made its batch all the same');
      assert.deepEqual(listed, [...listed].sort().reverse(), 'newest first');
      const stats = fake.server.stats();
      assert.equal(stats.batches.created, 5);
      assert.ok(stats.requests['batches.list'] >= 3, 'paged two at a time');
      assert.deepEqual(stats.delivered, { answers: 5, prompts: 5, promptsAnsweredTwice: 0 });
    } finally {
      await fake.server.close();
    }
  });
});
