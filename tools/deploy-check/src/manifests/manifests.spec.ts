import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { envSources } from '../k8s/env-sources';
import type { K8sObject } from '../k8s/k8s-object';
import { declaredSecrets, descriptionName, kubernetesDescriptions, PROD_OVERLAY, renderKustomize } from '../k8s/render';
import { serviceRoutes } from '../roles/service-routes';
import { runPolicies } from './policies';
import { schemaProblems } from './schema-validation';

// The counts the lead quotes: objects validated against the schemas, policy checks passed.
const tally: string[] = [];
after(() => console.log(`deploy-check manifests:\n  ${tally.join('\n  ')}`));

describe('the Kubernetes overlays', () => {
  const routes = serviceRoutes();
  /** The Secrets prod references and never creates: name → keys (secrets.example.yaml). */
  const contract = envSources([], declaredSecrets(PROD_OVERLAY)).keysByName('Secret');

  it('takes the probe and scrape routes from the services themselves', () => {
    assert.deepEqual(routes, { live: '/health/live', ready: '/health/ready', metrics: '/metrics' });
  });

  it('declares the prod Secrets as plain Secrets with keys (secrets.example.yaml)', () => {
    assert.ok(contract.size > 0);
    for (const [name, keys] of contract) assert.ok(keys.size > 0, `${name} declares no key`);
  });

  for (const dir of kubernetesDescriptions()) {
    const overlay = descriptionName(dir);
    describe(dir, () => {
      let objects: K8sObject[] = [];

      it('renders with kubectl kustomize', () => {
        objects = renderKustomize(dir);
        assert.ok(objects.length > 0);
      });

      it('validates every object against the Kubernetes and KEDA schemas', async () => {
        const problems = (await Promise.all(objects.map(schemaProblems))).flat();
        assert.deepEqual(problems, []);
        const kinds = [...new Set(objects.map((o) => o.kind))].sort().join(', ');
        tally.push(`${overlay}: ${objects.length} objects validated against their schemas (${kinds})`);
      });

      it('meets every policy', () => {
        const results = runPolicies({ objects, known: envSources(objects, declaredSecrets(dir)), routes });
        const problems = results.flatMap((r) => r.problems.map((p) => `[${r.name}] ${p}`));
        assert.deepEqual(problems, []);
        const checks = results.reduce((sum, r) => sum + r.checks, 0);
        tally.push(`${overlay}: ${checks} policy checks passed (${results.map((r) => `${r.name}: ${r.checks}`).join('; ')})`);
        for (const r of results) assert.ok(r.checks > 0 || (overlay === 'dev' && r.name.startsWith('KEDA')), `${r.name} checked nothing on ${overlay}`);
      });

      if (overlay === 'prod') {
        it('creates no Secret: prod references the ones declared in secrets.example.yaml', () => {
          assert.deepEqual(objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name), []);
          assert.deepEqual(objects.filter((o) => o.kind === 'ScaledObject').map((o) => o.metadata.name).sort(), ['alkdrec-llm-worker', 'alkdrec-trainer']);
        });
      } else {
        it('runs PostgreSQL and Redis in the cluster, Redis with noeviction, and generates its Secrets', () => {
          const sets = objects.filter((o) => o.kind === 'StatefulSet').map((o) => o.metadata.name).sort();
          assert.deepEqual(sets, ['alkdrec-postgres', 'alkdrec-redis']);
          const redis = objects.find((o) => o.metadata.name === 'alkdrec-redis' && o.kind === 'StatefulSet');
          const args = redis ? (redis.spec?.['template'] as { spec: { containers: { args?: string[] }[] } }).spec.containers[0]?.args ?? [] : [];
          assert.equal(args[args.indexOf('--maxmemory-policy') + 1], 'noeviction');
          // Every Secret prod declares is generated here too, with the same keys.
          const secrets = envSources(objects).keysByName('Secret');
          for (const [name, keys] of contract) {
            if (name === 'alkdrec-api-tls') continue; // dev serves the api without TLS
            const generated = [...secrets.keys()].find((n) => n.startsWith(`${name}-`));
            assert.ok(generated, `dev generates no ${name}`);
            if (name !== 'alkdrec-s3') assert.deepEqual([...(secrets.get(generated) ?? [])].sort(), [...keys].sort(), name);
          }
        });
      }
    });
  }
});
