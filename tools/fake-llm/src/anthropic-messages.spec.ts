import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { estimateTokens } from './token-estimate';
import { messageText, MODEL, postJson, startFakeServer, userPrompt, type StartedFakeServer } from './testing/fake-server-fixture';
import { candidateIds, MOVIELENS_ROW_0, MOVIELENS_ROW_0_RANKING_START, MOVIELENS_ROW_1, rankingIds, rankingPromptText } from './testing/ranking-prompt-fixture';

describe('Anthropic Messages API (real SDK against the fake server)', () => {
  let fake: StartedFakeServer;
  let client: Anthropic;
  before(async () => {
    fake = await startFakeServer({ datasets: ['movielens-hetrec2011'], seed: 3 });
    client = fake.anthropic();
  });
  after(() => fake.server.close());

  it('answers with the real response shape and estimated token counts', async () => {
    const prompt = rankingPromptText({ sessionIds: ['no-such-session'], candidateIds: candidateIds(50) });
    const message = await client.messages.create(userPrompt(prompt));
    assert.match(message.id, /^msg_fake_/);
    assert.equal(message.type, 'message');
    assert.equal(message.role, 'assistant');
    assert.equal(message.model, MODEL);
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(message.content.length, 1);
    const text = messageText(message);
    assert.equal(message.usage.input_tokens, estimateTokens(prompt));
    assert.equal(message.usage.output_tokens, estimateTokens(text));
    const ids = rankingIds(text);
    assert.equal(ids.length, 25);
    assert.ok(ids.every((id) => candidateIds(50).includes(id)));
  });

  it('serves the recorded GPT-4 ranking for a known session, by full sequence and by last 10 items', async () => {
    fake.server.reset();
    const full = messageText(await client.messages.create(userPrompt(rankingPromptText({ sessionIds: MOVIELENS_ROW_0.sessionIds, candidateIds: candidateIds(50) }))));
    assert.deepEqual(rankingIds(full).slice(0, 5), MOVIELENS_ROW_0_RANKING_START);
    const last10 = MOVIELENS_ROW_1.sessionIds.slice(-10);
    const windowed = messageText(await client.messages.create(userPrompt(rankingPromptText({ sessionIds: last10, candidateIds: candidateIds(50) }))));
    assert.deepEqual(rankingIds(windowed).slice(0, 5), MOVIELENS_ROW_1.rankingStart);
    await client.messages.create(userPrompt(rankingPromptText({ sessionIds: MOVIELENS_ROW_1.sessionIds.slice(-9), candidateIds: candidateIds(50) })));
    assert.deepEqual(fake.server.stats().answers, { recorded: 2, deterministic: 1, hints: 0 });
  });

  it('answers a hint prompt with the dataset hints as a numbered list', async () => {
    const text = messageText(await client.messages.create(userPrompt('Please STRICTLY summarise the main logic of the recommendation results as hints.')));
    assert.match(text, /^1\. Sequel and Franchise Continuity/);
    assert.equal(text.split('\n').length, 4);
  });

  it('gives the same answer to the same prompt and reads the system prompt and content blocks', async () => {
    const prompt = rankingPromptText({ sessionIds: ['u1'], candidateIds: candidateIds(30) });
    const a = messageText(await client.messages.create(userPrompt(prompt)));
    const b = messageText(await client.messages.create({ ...userPrompt(''), messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }] }));
    assert.equal(a, b);
    const withSystem = await client.messages.create({ ...userPrompt(prompt), system: 'Be brief.' });
    assert.equal(withSystem.usage.input_tokens, estimateTokens(`Be brief.\n\n${prompt}`));
  });

  it('cuts an answer at max_tokens with stop_reason max_tokens', async () => {
    const message = await client.messages.create(userPrompt(rankingPromptText({ sessionIds: ['u2'], candidateIds: candidateIds(50) }), 10));
    assert.equal(message.stop_reason, 'max_tokens');
    assert.equal(message.usage.output_tokens, 10);
    assert.equal(messageText(message).length, 40);
  });

  it('refuses requests the real API refuses, in its error shape, and counts them', async () => {
    fake.server.reset();
    await assert.rejects(client.messages.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] } as never), (error: unknown) => {
      assert.ok(error instanceof Anthropic.BadRequestError);
      assert.equal((error.error as { error: { type: string } }).error.type, 'invalid_request_error');
      return true;
    });
    const noKey = await postJson(`${fake.url}/v1/messages`, userPrompt('x'), { 'anthropic-version': '2023-06-01' });
    assert.equal(noKey.status, 401);
    assert.deepEqual(noKey.json.error, { type: 'authentication_error', message: 'x-api-key header is required' });
    const noVersion = await postJson(`${fake.url}/v1/messages`, userPrompt('x'), { 'x-api-key': 'k' });
    assert.equal(noVersion.status, 400);
    assert.equal(noVersion.json.type, 'error');
    assert.equal(noVersion.json.error?.type, 'invalid_request_error');
    const stream = await postJson(`${fake.url}/v1/messages`, { ...userPrompt('x'), stream: true }, { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' });
    assert.equal(stream.status, 400);
    const unknown = await postJson(`${fake.url}/v1/complete`, {}, { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error?.type, 'not_found_error');
    const stats = fake.server.stats();
    assert.deepEqual(stats.rejected, { authentication: 1, 'invalid-request': 3, 'not-found': 1 });
    assert.equal(stats.generations.messages, 0);
  });
});
