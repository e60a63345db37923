import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envSources } from '../k8s/env-sources';
import type { Container } from '../k8s/k8s-object';
import { kubernetesContainers, resolveContainerEnv, type PodVolumes } from '../k8s/pod-containers';
import { parseObjects } from '../k8s/render';
import { HIDDEN_FILE_CONTENT } from './container-env';

const RENDERED = parseObjects(`
apiVersion: v1
kind: ConfigMap
metadata: { name: settings }
data: { LOG_LEVEL: info, REDIS_URL: "redis://r:6379", ALKDREC_ROLES: selector }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: later }
data: { LOG_LEVEL: debug }
---
apiVersion: v1
kind: Secret
metadata: { name: shown }
data: { DATABASE_URL: ${Buffer.from('postgresql://u@db/d').toString('base64')}, EMPTY: "" }
`);
const DECLARED = parseObjects(`
kind: Secret
metadata: { name: declared }
stringData: { ANTHROPIC_API_KEY: "", tokens: "" }
`);
const sources = envSources(RENDERED, DECLARED);
const IMAGE = { NODE_ENV: 'production', HTTP_PORT: '3000', LOG_LEVEL: 'warn' };
const resolve = (container: Partial<Container>, pod: PodVolumes = {}) => resolveContainerEnv({ name: 'c', ...container }, pod, sources, IMAGE);

describe('Kubernetes container environment', () => {
  it('layers the image ENV, envFrom in order, then env', () => {
    const env = resolve({
      envFrom: [{ configMapRef: { name: 'settings' } }, { configMapRef: { name: 'later' } }],
      env: [{ name: 'HTTP_PORT', value: '8080' }],
    });
    assert.deepEqual(env.values, { NODE_ENV: 'production', HTTP_PORT: '8080', LOG_LEVEL: 'debug', REDIS_URL: 'redis://r:6379', ALKDREC_ROLES: 'selector' });
    assert.deepEqual([...env.hidden], []);
  });

  it('reads Secret keys: shown values decoded, empty or declared-only values hidden, prefixes applied', () => {
    const env = resolve({ envFrom: [{ secretRef: { name: 'shown' } }, { secretRef: { name: 'declared' }, prefix: 'X_' }] });
    assert.equal(env.values['DATABASE_URL'], 'postgresql://u@db/d');
    assert.deepEqual([...env.hidden].sort(), ['EMPTY', 'X_ANTHROPIC_API_KEY', 'X_tokens']);
  });

  it('resolves valueFrom: a known key, an unknown object (hidden unless optional), a missing key (absent), a fieldRef (hidden)', () => {
    const env = resolve({
      env: [
        { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'shown', key: 'DATABASE_URL' } } },
        { name: 'OUT_OF_BAND', valueFrom: { secretKeyRef: { name: 'made-by-hand', key: 'k' } } },
        { name: 'OPTIONAL', valueFrom: { secretKeyRef: { name: 'made-by-hand', key: 'k', optional: true } } },
        { name: 'NO_SUCH_KEY', valueFrom: { configMapKeyRef: { name: 'settings', key: 'NOPE' } } },
        { name: 'ROLES', valueFrom: { configMapKeyRef: { name: 'settings', key: 'ALKDREC_ROLES' } } },
        { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      ],
    });
    assert.equal(env.values['DATABASE_URL'], 'postgresql://u@db/d');
    assert.equal(env.values['ROLES'], 'selector');
    assert.deepEqual([...env.hidden].sort(), ['OUT_OF_BAND', 'POD']);
    assert.ok(!('OPTIONAL' in env.values) && !('NO_SUCH_KEY' in env.values));
  });

  it('an env entry overrides a hidden envFrom key, and the other way round', () => {
    const env = resolve({ envFrom: [{ secretRef: { name: 'declared' } }], env: [{ name: 'ANTHROPIC_API_KEY', value: '' }] });
    assert.equal(env.values['ANTHROPIC_API_KEY'], '');
    assert.ok(!env.hidden.has('ANTHROPIC_API_KEY'));
  });

  it('reads files of mounted Secrets and ConfigMaps (items and subPath too); others do not exist', () => {
    const pod: PodVolumes = {
      volumes: [
        { name: 'tokens', secret: { secretName: 'declared' } },
        { name: 'settings', configMap: { name: 'settings', items: [{ key: 'LOG_LEVEL', path: 'level.txt' }] } },
        { name: 'tmp' },
      ],
    };
    const env = resolve(
      { volumeMounts: [{ name: 'tokens', mountPath: '/run/api' }, { name: 'settings', mountPath: '/etc/s' }, { name: 'tokens', mountPath: '/one', subPath: 'tokens' }, { name: 'tmp', mountPath: '/tmp' }] },
      pod,
    );
    assert.equal(env.readFile('/run/api/tokens'), HIDDEN_FILE_CONTENT);
    assert.equal(env.readFile('/one'), HIDDEN_FILE_CONTENT);
    assert.equal(env.readFile('/etc/s/level.txt'), 'info');
    for (const missing of ['/run/api/other', '/etc/s/LOG_LEVEL', '/tmp/x', '/nowhere']) assert.throws(() => env.readFile(missing), /ENOENT/);
  });

  it('lists the containers of workloads that run the image (init containers too), not the others', () => {
    const objects = parseObjects(`
kind: Deployment
metadata: { name: app }
spec:
  template:
    spec:
      initContainers: [{ name: wait, image: busybox }]
      containers: [{ name: main, image: registry.example/team/alkdrec:1.2@sha256:abc }, { name: sidecar, image: envoy }]
---
kind: CronJob
metadata: { name: nightly }
spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: job, image: other, env: [{ name: ALKDREC_ROLES, value: trainer }] }] } } } } }
---
kind: Service
metadata: { name: app }
`);
    const containers = kubernetesContainers('fixture', objects, sources, IMAGE);
    assert.deepEqual(containers.map((container) => `${container.workload}/${container.container}`), ['Deployment/app/main', 'CronJob/nightly/job']);
  });
});
