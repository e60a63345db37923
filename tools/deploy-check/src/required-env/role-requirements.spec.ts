import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { containerRunOf } from '../roles/image-roles';
import { noFiles, type ContainerEnv } from './container-env';
import { shortfallOf } from './role-requirements';

const IMAGE = { NODE_ENV: 'production', HTTP_PORT: '3000' };
const CONNECTIONS = { REDIS_URL: 'redis://redis:6379', DATABASE_URL: 'postgresql://u@db:5432/d' };
const env = (values: Record<string, string>, hidden: string[] = [], readFile: (path: string) => string = noFiles): ContainerEnv => ({
  values: { ...IMAGE, ...values },
  hidden: new Set(hidden),
  readFile,
});

describe('shortfallOf (a role against a container environment)', () => {
  it('names the connection URLs a production role lacks, from its schema', () => {
    assert.deepEqual(shortfallOf('selector', env({})), { missing: ['DATABASE_URL', 'REDIS_URL'], problems: [] });
    assert.deepEqual(shortfallOf('trainer', env({ REDIS_URL: CONNECTIONS.REDIS_URL, DATABASE_URL: '' })), { missing: ['DATABASE_URL'], problems: [] });
  });

  it('counts a hidden (Secret) value as provided and valid', () => {
    assert.deepEqual(shortfallOf('selector', env({ REDIS_URL: CONNECTIONS.REDIS_URL }, ['DATABASE_URL'])), { missing: [], problems: [] });
  });

  it('reports a visible value its schema refuses', () => {
    const { missing, problems } = shortfallOf('selector', env({ ...CONNECTIONS, REDIS_URL: 'redis.local:6379' }));
    assert.deepEqual(missing, []);
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^REDIS_URL/);
  });

  it('the migration needs DATABASE_URL only', () => {
    assert.deepEqual(shortfallOf('migrate', env({})), { missing: ['DATABASE_URL'], problems: [] });
    assert.deepEqual(shortfallOf('migrate', env({ DATABASE_URL: CONNECTIONS.DATABASE_URL })), { missing: [], problems: [] });
  });

  it("runs the api's own token check: none on 0.0.0.0 is refused, loopback or a token file is fine", () => {
    const [problem] = shortfallOf('api', env(CONNECTIONS)).problems;
    assert.match(problem ?? '', /^API_TOKENS, API_TOKENS_FILE \(unset\)/);
    assert.deepEqual(shortfallOf('api', env({ ...CONNECTIONS, HTTP_HOST: '127.0.0.1' })).problems, []);
    const tokenFile = (path: string) => (path === '/run/tokens' ? 'a-token-of-enough-length\n' : noFiles(path));
    assert.deepEqual(shortfallOf('api', env({ ...CONNECTIONS, API_TOKENS_FILE: '/run/tokens' }, [], tokenFile)).problems, []);
    assert.match(shortfallOf('api', env({ ...CONNECTIONS, API_TOKENS_FILE: '/elsewhere' }, [], tokenFile)).problems[0] ?? '', /cannot read \/elsewhere: ENOENT/);
    assert.match(shortfallOf('api', env({ ...CONNECTIONS, API_TOKENS: 'short' })).problems[0] ?? '', /at least 16/);
  });

  it("runs the llm-worker's provider check: a paid provider needs LLM_MODEL and its key", () => {
    assert.deepEqual(shortfallOf('llm-worker', env(CONNECTIONS)).problems, []);
    assert.match(shortfallOf('llm-worker', env({ ...CONNECTIONS, LLM_PROVIDER: 'anthropic' })).problems[0] ?? '', /LLM_MODEL is required/);
    assert.match(shortfallOf('llm-worker', env({ ...CONNECTIONS, LLM_PROVIDER: 'anthropic', LLM_MODEL: 'm' })).problems[0] ?? '', /ANTHROPIC_API_KEY/);
    assert.deepEqual(shortfallOf('llm-worker', env({ ...CONNECTIONS, LLM_PROVIDER: 'anthropic', LLM_MODEL: 'm' }, ['ANTHROPIC_API_KEY'])).problems, []);
  });

  it("runs the trainer's artifact-store check: s3 needs AWS keys", () => {
    assert.match(shortfallOf('trainer', env({ ...CONNECTIONS, ARTIFACT_STORE: 's3://bucket/prefix' })).problems[0] ?? '', /AWS/);
  });
});

describe('containerRunOf (what a container runs)', () => {
  it('reads ALKDREC_ROLES as docker/start-role.js does', () => {
    assert.deepEqual(containerRunOf(undefined), { kind: 'roles', roles: ['trainer'] });
    assert.deepEqual(containerRunOf('selector, api'), { kind: 'roles', roles: ['selector', 'api'] });
    assert.deepEqual(containerRunOf('all'), { kind: 'roles', roles: ['trainer', 'llm-worker', 'selector', 'api'] });
    assert.equal(containerRunOf('trainer,bogus').kind, 'bad-roles');
  });

  it('tells the migration and other commands from the role launcher', () => {
    assert.deepEqual(containerRunOf('api', ['npm', 'run', 'db:migrate']), { kind: 'migrate' });
    assert.deepEqual(containerRunOf(undefined, ['node', 'libs/db/dist/migrate.cli.js']), { kind: 'migrate' });
    assert.deepEqual(containerRunOf('api', ['node', 'docker/start-role.js']), { kind: 'roles', roles: ['api'] });
    assert.deepEqual(containerRunOf('api', ['sh']), { kind: 'other', command: 'sh' });
  });
});
