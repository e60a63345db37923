import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { estimateTokens } from './token-estimate';
import { postJson, startFakeServer, type StartedFakeServer } from './testing/fake-server-fixture';
import { candidateIds, MOVIELENS_ROW_0, MOVIELENS_ROW_0_RANKING_START, rankingIds, rankingPromptText } from './testing/ranking-prompt-fixture';

const chat = (content: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  model: 'local-model',
  messages: [{ role: 'user', content }],
  ...extra,
});

describe('OpenAI chat completions (plain fetch against the fake server)', () => {
  let fake: StartedFakeServer;
  let endpoint: string;
  before(async () => {
    fake = await startFakeServer({
      datasets: ['movielens-hetrec2011'],
      retryAfterSeconds: 3,
      schedule: [
        { fault: 'rate-limit-429', count: 1, endpoint: 'chat-completions', promptIncludes: 'limit me' },
        { fault: 'overloaded-529', count: 1, endpoint: 'chat-completions', promptIncludes: 'overload me' },
        { fault: 'server-error-500', count: 1, endpoint: 'chat-completions', promptIncludes: 'break me' },
        { fault: 'hang', count: 1, endpoint: 'chat-completions', promptIncludes: 'hang me' },
      ],
    });
    endpoint = `${fake.url}/v1/chat/completions`;
  });
  after(() => fake.server.close());

  it('answers in the chat.completion shape with usage, recorded rankings included', async () => {
    const prompt = rankingPromptText({ sessionIds: MOVIELENS_ROW_0.sessionIds, candidateIds: candidateIds(50) });
    const { status, json } = await postJson(endpoint, { model: 'local-model', messages: [{ role: 'system', content: 'You rank.' }, { role: 'user', content: prompt }] });
    assert.equal(status, 200);
    assert.equal(json.object, 'chat.completion');
    assert.match(json.id ?? '', /^chatcmpl_fake_/);
    assert.equal(json.model, 'local-model');
    const choice = json.choices?.[0];
    assert.equal(choice?.message.role, 'assistant');
    assert.equal(choice?.finish_reason, 'stop');
    assert.deepEqual(rankingIds(choice?.message.content ?? '').slice(0, 5), MOVIELENS_ROW_0_RANKING_START);
    const completion = estimateTokens(choice?.message.content ?? '');
    const promptTokens = estimateTokens(`You rank.\n\n${prompt}`);
    assert.deepEqual(json.usage, { prompt_tokens: promptTokens, completion_tokens: completion, total_tokens: promptTokens + completion });
  });

  it('stops at max_tokens with finish_reason length', async () => {
    const { json } = await postJson(endpoint, chat(rankingPromptText({ sessionIds: ['q'], candidateIds: candidateIds(50) }), { max_tokens: 5 }));
    assert.equal(json.choices?.[0]?.finish_reason, 'length');
    assert.equal(json.usage?.completion_tokens, 5);
  });

  it('sends injected faults in OpenAI error shape: 429 with retry-after, overloaded as 503, 500', async () => {
    const limited = await postJson(endpoint, chat('limit me'));
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '3');
    assert.deepEqual(limited.json, { error: { message: 'Simulated rate limit reached for requests.', type: 'requests', param: null, code: 'rate_limit_exceeded' } });
    const overloaded = await postJson(endpoint, chat('overload me'));
    assert.equal(overloaded.status, 503);
    assert.equal(overloaded.json.error?.type, 'server_error');
    const broken = await postJson(endpoint, chat('break me'));
    assert.equal(broken.status, 500);
    assert.equal(broken.json.error?.type, 'server_error');
  });

  it('hangs until the client aborts', async () => {
    await assert.rejects(postJson(endpoint, chat('hang me'), {}, AbortSignal.timeout(150)), { name: 'TimeoutError' });
    assert.equal(fake.server.stats().faultsByEndpoint['chat-completions'].hang, 1);
  });

  it('refuses bad requests in OpenAI error shape without needing an API key', async () => {
    const bad = await postJson(endpoint, { messages: [] });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error?.type, 'invalid_request_error');
    assert.equal(bad.json.error?.param, null);
    const notJson = await fetch(endpoint, { method: 'POST', body: '{nope' });
    assert.equal(notJson.status, 400);
    const stats = fake.server.stats();
    assert.equal(stats.requests['chat.completions'], 8);
    assert.equal(stats.rejected['invalid-request'], 2);
  });
});
