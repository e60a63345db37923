import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyHttpFailure, parseRetryAfterMs } from './classify-http-error';
import { ProviderPermanentError, ProviderRateLimitError, ProviderTransientError } from './provider-errors';

const classify = (status: number, retryAfterHeader?: string) => classifyHttpFailure({ provider: 'anthropic', status, message: 'm', retryAfterHeader });

describe('classifyHttpFailure', () => {
  it('sorts statuses into rate limit, transient and permanent', () => {
    assert.ok(classify(429) instanceof ProviderRateLimitError);
    for (const status of [500, 502, 503, 504, 529, 408, 409]) assert.ok(classify(status) instanceof ProviderTransientError, String(status));
    for (const status of [400, 401, 402, 403, 404, 413, 422]) assert.ok(classify(status) instanceof ProviderPermanentError, String(status));
  });

  it('keeps status, class and a message naming both', () => {
    const error = classifyHttpFailure({ provider: 'openai-compatible', status: 503, errorClass: 'overloaded', message: 'busy' });
    assert.equal(error.message, 'openai-compatible: HTTP 503 overloaded: busy');
    assert.equal(classify(418).errorClass, 'http_418');
  });
});

describe('parseRetryAfterMs', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    assert.equal(parseRetryAfterMs('2'), 2000);
    assert.equal(parseRetryAfterMs('0.5'), 500);
    assert.equal(parseRetryAfterMs('Fri, 27 Nov 2026 01:00:10 GMT', Date.parse('2026-11-27T01:00:00Z')), 10_000);
    assert.equal(parseRetryAfterMs('Fri, 27 Nov 2026 01:00:10 GMT', Date.parse('2026-11-27T02:00:00Z')), 0);
    assert.equal(parseRetryAfterMs(undefined), undefined);
    assert.equal(parseRetryAfterMs(''), undefined);
    assert.equal(parseRetryAfterMs('soon'), undefined);
    assert.equal((classify(429, '7') as ProviderRateLimitError).retryAfterMs, 7000);
  });
});
