import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSelector } from './keda-policy';
import { podTemplateOf, type Container, type K8sObject, type PodSpec } from '../k8s/k8s-object';
import { POLICIES } from './policies';
import type { Policy } from './policy';
import { schemaProblems } from './schema-validation';
import { contextOf, first, goodRender } from './testing-fixture';

function policy(name: string): Policy {
  const found = POLICIES.find((p) => p.name === name);
  if (!found) throw new Error(`no policy ${name}`);
  return found;
}

function podOf(objects: K8sObject[]): PodSpec {
  return (podTemplateOf(first(objects, 'Deployment')) as { spec: PodSpec }).spec;
}

function containerOf(objects: K8sObject[]): Container {
  return podOf(objects).containers[0] as Container;
}

/** Breaks one thing of a good render; the named policy must report it (and held before). */
function expectCaught(policyName: string, breakIt: (objects: K8sObject[]) => void, problem: RegExp): void {
  const good = goodRender();
  assert.deepEqual(policy(policyName).check(contextOf(good)).problems, [], `${policyName} must hold on the good render`);
  const bad = goodRender();
  breakIt(bad);
  const { problems } = policy(policyName).check(contextOf(bad));
  assert.ok(problems.some((p) => problem.test(p)), `${policyName} missed it; it said: ${JSON.stringify(problems)}`);
}

describe('the manifest policies catch what they are for', () => {
  it('every policy holds on the good fixture and checks something', () => {
    for (const p of POLICIES) {
      const result = p.check(contextOf(goodRender()));
      assert.deepEqual(result.problems, [], p.name);
      assert.ok(result.checks > 0, `${p.name} checked nothing`);
    }
  });

  it('a probe on a route the services do not serve', () =>
    expectCaught('probes on the real health routes', (o) => (containerOf(o).readinessProbe = { httpGet: { path: '/healthz', port: 'http' } }), /readinessProbe must GET \/health\/ready/));

  it('a probe on a port that is not HTTP_PORT', () =>
    expectCaught('probes on the real health routes', (o) => (containerOf(o).livenessProbe = { httpGet: { path: '/health/live', port: 8080 } }), /livenessProbe port 8080 is not HTTP_PORT/));

  it('a container that may escalate privileges, or a pod without seccomp', () => {
    expectCaught('Pod Security restricted', (o) => ((containerOf(o).securityContext as { allowPrivilegeEscalation: boolean }).allowPrivilegeEscalation = true), /allowPrivilegeEscalation must be false/);
    expectCaught('Pod Security restricted', (o) => delete podOf(o).securityContext?.seccompProfile, /seccompProfile RuntimeDefault/);
    expectCaught('Pod Security restricted', (o) => (podOf(o).volumes = [{ name: 'tmp', hostPath: { path: '/tmp' } }]), /\/tmp must be an emptyDir|hostPath/);
  });

  it('a container without a memory limit', () =>
    expectCaught('resources set', (o) => delete containerOf(o).resources?.limits?.['memory'], /resources\.limits\.memory is not set/));

  it('a Secret that is neither rendered nor declared, and a key the Secret lacks', () => {
    expectCaught('references defined or declared', (o) => containerOf(o).envFrom?.push({ secretRef: { name: 'nowhere' } }), /Secret nowhere is neither in the render/);
    expectCaught('references defined or declared', (o) => containerOf(o).env?.push({ name: 'X', valueFrom: { secretKeyRef: { name: 'db', key: 'REDIS_URL' } } }), /Secret db has no key REDIS_URL/);
  });

  it('a grace period shorter than the drain (from the env the container gets)', () => {
    expectCaught('grace periods above drain times', (o) => (podOf(o).terminationGracePeriodSeconds = 80), /terminationGracePeriodSeconds 80 < 85/);
    // An llm-worker drains for as long as its longest provider call may last.
    const timeout = (value: string) => (o: K8sObject[]) => ((containerOf(o).env?.find((e) => e.name === 'LLM_TIMEOUT_MS') as { value: string }).value = value);
    expectCaught('grace periods above drain times', timeout('120000'), /terminationGracePeriodSeconds \d+ < 135 \(max\(SHUTDOWN_GRACE_MS \d+, LLM_TIMEOUT_MS 120000\)/);
    expectCaught('grace periods above drain times', timeout('soon'), /LLM_TIMEOUT_MS is not a valid duration \(soon\)/);
  });

  it('the LLM key in another role, directly or through its Secret', () => {
    const otherRole = (o: K8sObject[]) => ((containerOf(o).env?.[0] as { value: string }).value = 'trainer');
    expectCaught('LLM key only in the llm-worker', otherRole, /gets ANTHROPIC_API_KEY/);
    expectCaught('LLM key only in the llm-worker', (o) => {
      otherRole(o);
      containerOf(o).env = containerOf(o).env?.filter((e) => e.name !== 'ANTHROPIC_API_KEY');
      containerOf(o).envFrom?.push({ secretRef: { name: 'llm' } });
    }, /ANTHROPIC_API_KEY|reads the Secret llm/);
  });

  it('a Deployment without a PDB or a NetworkPolicy of its own', () => {
    expectCaught('PDB and NetworkPolicy per Deployment', (o) => o.splice(o.indexOf(first(o, 'PodDisruptionBudget')), 1), /no PodDisruptionBudget selects/);
    expectCaught('PDB and NetworkPolicy per Deployment', (o) => o.splice(o.findIndex((x) => x.metadata.name === 'worker' && x.kind === 'NetworkPolicy'), 1), /no NetworkPolicy of its own/);
  });

  it('a ScaledObject whose target, metric, queue or per-replica target is wrong, or a Deployment with an HPA too', () => {
    const trigger = (o: K8sObject[]) => ((first(o, 'ScaledObject').spec?.['triggers'] as { metadata: Record<string, string> }[])[0] as { metadata: Record<string, string> }).metadata;
    expectCaught('KEDA targets and triggers', (o) => ((first(o, 'ScaledObject').spec?.['scaleTargetRef'] as { name: string }).name = 'gone'), /target Deployment\/gone is not in the render/);
    expectCaught('KEDA targets and triggers', (o) => (trigger(o)['valueLocation'] = 'alkdrec_queue_waiting{queue="alkdrec.llm.ranking"}'), /not a metric of the catalogue/);
    expectCaught('KEDA targets and triggers', (o) => (trigger(o)['valueLocation'] = 'alkdrec_queue_backlog{queue="alkdrec.llm.rank"}'), /not a queue of the contracts/);
    expectCaught('KEDA targets and triggers', (o) => (trigger(o)['targetValue'] = '64'), /targetValue 64 is not the jobs one replica runs at once \(8\)/);
    expectCaught('KEDA targets and triggers', (o) => o.push({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'w' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'worker' } } }), /also has an HPA/);
  });

  it('a namespace that does not enforce restricted', () =>
    expectCaught('namespace labelled restricted', (o) => delete first(o, 'Namespace').metadata.labels?.['pod-security.kubernetes.io/enforce'], /enforce must be restricted/));

  it('reads prometheus selectors as KEDA does: a metric name and exact label matches', () => {
    assert.deepEqual(parseSelector('alkdrec_queue_jobs{queue="alkdrec.trainer",state="active"}'), { name: 'alkdrec_queue_jobs', labels: { queue: 'alkdrec.trainer', state: 'active' } });
    assert.equal(parseSelector('alkdrec_queue_jobs{queue=~"a|b"}'), undefined);
  });
});

describe('schema validation', () => {
  it('passes the fixture and refuses a Deployment whose container name is not a string', async () => {
    for (const object of goodRender()) assert.deepEqual(await schemaProblems(object), [], object.kind);
    const bad = first(goodRender(), 'Deployment');
    (containerOf([bad]) as unknown as { name: number }).name = 7;
    assert.match((await schemaProblems(bad)).join('\n'), /containers\/0\/name must be string/);
  });

  it('refuses a kind it has no schema for, and a KEDA trigger with a non-string value', async () => {
    assert.match((await schemaProblems({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).join(''), /no schema for example\.com\/v1 Widget/);
    const scaled = first(goodRender(), 'ScaledObject');
    ((scaled.spec?.['triggers'] as { metadata: Record<string, unknown> }[])[0] as { metadata: Record<string, unknown> }).metadata['targetValue'] = 8;
    assert.match((await schemaProblems(scaled)).join(''), /targetValue must be string/);
  });
});
