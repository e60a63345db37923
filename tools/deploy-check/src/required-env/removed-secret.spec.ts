import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCompose } from '../compose/compose-file';
import { composeContainers } from '../compose/compose-containers';
import { podSpecOf } from '../k8s/k8s-object';
import { declaredSecrets, kubernetesDescriptions, parseObjects, renderKustomize } from '../k8s/render';
import { checkedRolesOf } from '../roles/image-roles';
import type { DeployedContainer } from './container-env';
import { imageEnv } from './dockerfile-env';
import { kubernetesDescription } from './deployment-descriptions';
import { findShortfalls, formatFinding, runOf, type Finding } from './find-shortfalls';
import { withoutVariable } from './remove-source';

const runsSelector = (container: DeployedContainer) => checkedRolesOf(runOf(container)).includes('selector');

/** What the checker must say once DATABASE_URL is gone from these containers: that variable, for each role they run. */
const missingDatabaseUrl = (containers: DeployedContainer[]): Finding[] =>
  containers.flatMap((container) =>
    checkedRolesOf(runOf(container)).map((role) => ({ description: container.description, workload: container.workload, container: container.container, role, missing: ['DATABASE_URL'], problems: [] })),
  );

/*
 * The check that would have caught the old selector bug (k8s/selector had no secretRef, so the
 * selector had no DATABASE_URL): take a real description, remove the selector's DATABASE_URL
 * source, and the checker names exactly that variable for each selector container, nothing else.
 */
describe('required environment: a removed secret reference is reported', () => {
  for (const dir of kubernetesDescriptions()) {
    it(`${dir} without the selector's DATABASE_URL`, (t) => {
      const rendered = renderKustomize(dir);
      const selectors = kubernetesDescription(dir, rendered).filter(runsSelector);
      assert.ok(selectors.length > 0, `${dir} runs a selector`);
      const findings = findShortfalls(kubernetesDescription(dir, withoutVariable(rendered, declaredSecrets(dir), 'selector', 'DATABASE_URL')));
      for (const finding of findings) t.diagnostic(formatFinding(finding));
      assert.deepEqual(findings, missingDatabaseUrl(selectors));
    });
  }

  it("compose.yaml without the selector's DATABASE_URL", (t) => {
    const { project } = loadCompose({});
    delete (project.services['selector']?.environment as Record<string, string>)['DATABASE_URL'];
    const findings = findShortfalls(composeContainers(project, imageEnv(), {}));
    for (const finding of findings) t.diagnostic(formatFinding(finding));
    assert.deepEqual(findings, [{ description: 'compose.yaml', workload: 'service selector', container: 'selector', role: 'selector', missing: ['DATABASE_URL'], problems: [] }]);
  });

  it('removes a variable that came with a whole envFrom Secret, keeping its other keys', () => {
    const objects = parseObjects(`
kind: ConfigMap
metadata: { name: settings }
data: { REDIS_URL: "redis://r:6379", ALKDREC_ROLES: selector }
---
kind: Deployment
metadata: { name: selector }
spec: { template: { spec: { containers: [{ name: s, image: alkdrec, envFrom: [{ configMapRef: { name: settings } }, { secretRef: { name: shared } }] }] } } }
---
kind: Deployment
metadata: { name: trainer }
spec: { template: { spec: { containers: [{ name: t, image: alkdrec, env: [{ name: ALKDREC_ROLES, value: trainer }], envFrom: [{ configMapRef: { name: settings } }, { secretRef: { name: shared } }] }] } } }
`);
    const declared = parseObjects('kind: Secret\nmetadata: { name: shared }\nstringData: { DATABASE_URL: "", LOG_LEVEL: "" }');
    const changed = withoutVariable(objects, declared, 'selector', 'DATABASE_URL');
    const selector = podSpecOf(changed[1] as (typeof changed)[number])?.containers?.[0];
    assert.deepEqual(selector?.envFrom, [{ configMapRef: { name: 'settings' } }]);
    assert.deepEqual(selector?.env, [{ name: 'LOG_LEVEL', valueFrom: { secretKeyRef: { name: 'shared', key: 'LOG_LEVEL' } } }]);
    assert.deepEqual(podSpecOf(changed[2] as (typeof changed)[number]), podSpecOf(objects[2] as (typeof objects)[number]), 'the trainer is untouched');
  });

  it("an api whose token Secret is no longer mounted is refused by the api's own check", () => {
    const dir = kubernetesDescriptions()[0] as string;
    const rendered = renderKustomize(dir);
    const api = kubernetesDescription(dir, rendered).find((container) => checkedRolesOf(runOf(container)).includes('api'));
    assert.ok(api, `${dir} runs an api`);
    const tokensFile = api.env.values['API_TOKENS_FILE'];
    if (tokensFile === undefined) return; // tokens from the environment instead: the DATABASE_URL cases cover a removed reference
    for (const object of rendered) {
      if (`${object.kind}/${object.metadata?.name}` !== api.workload) continue;
      for (const container of podSpecOf(object)?.containers ?? []) {
        if (container.name === api.container) container.volumeMounts = (container.volumeMounts ?? []).filter((mount) => !tokensFile.startsWith(`${mount.mountPath}/`));
      }
    }
    const findings = findShortfalls(kubernetesDescription(dir, rendered));
    assert.equal(findings.length, 1, findings.map(formatFinding).join('\n'));
    assert.match(findings[0]?.problems[0] ?? '', /^API_TOKENS_FILE: cannot read .*ENOENT/);
  });
});
