import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '@alkdrec/service-kit';
import { checkApiConfig, isLoopbackHost, MIN_TOKEN_LENGTH, readApiTokens } from './api-tokens';

const A = 'a'.repeat(MIN_TOKEN_LENGTH);
const B = 'b'.repeat(MIN_TOKEN_LENGTH + 4);

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('readApiTokens', () => {
  it('reads API_TOKENS (comma-separated) and API_TOKENS_FILE (lines, # comments), without duplicates', () => {
    const files: Record<string, string> = { '/secret/tokens': `# rotated 2026-11\n${B}\n\n${A}\n` };
    assert.deepEqual(readApiTokens({ API_TOKENS: ` ${A} ,${B}` }), [A, B]);
    assert.deepEqual(readApiTokens({ API_TOKENS: A, API_TOKENS_FILE: '/secret/tokens' }, (path) => files[path] as string), [A, B]);
    assert.deepEqual(readApiTokens({}), []);
  });

  it('names every bad token by variable and position, never by value', () => {
    const short = 'short-one';
    const problems = problemsOf(() => readApiTokens({ API_TOKENS: `${A},${short},with space here!!`, API_TOKENS_FILE: '/nope' }, () => {
      throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    }));
    assert.deepEqual(problems, [
      `API_TOKENS: token 2 is ${short.length} characters long; tokens need at least ${MIN_TOKEN_LENGTH}`,
      'API_TOKENS: token 3 has characters other than visible ASCII (no spaces)',
      'API_TOKENS_FILE: cannot read /nope: ENOENT',
    ]);
    assert.ok(!problems.join('\n').includes(short));
  });

  it('refuses a token file with no token in it', () => {
    assert.deepEqual(problemsOf(() => readApiTokens({ API_TOKENS_FILE: '/empty' }, () => '# nothing yet\n')), ['API_TOKENS_FILE: holds no token']);
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback addresses from the others', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', 'example.com', '128.0.0.1']) assert.equal(isLoopbackHost(host), false, host);
  });
});

describe('checkApiConfig', () => {
  it('refuses an api bound beyond loopback without tokens, naming the variables', () => {
    const [problem] = problemsOf(() => checkApiConfig({ HTTP_HOST: '0.0.0.0' }));
    assert.match(String(problem), /^API_TOKENS, API_TOKENS_FILE \(unset\): HTTP_HOST is 0\.0\.0\.0, not a loopback address, so the api needs bearer tokens/);
  });

  it('lets it start with tokens, and on loopback without', () => {
    assert.doesNotThrow(() => checkApiConfig({ HTTP_HOST: '0.0.0.0', API_TOKENS: A }));
    assert.doesNotThrow(() => checkApiConfig({ HTTP_HOST: '127.0.0.1' }));
  });
});
