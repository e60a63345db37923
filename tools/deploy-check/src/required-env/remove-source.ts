import { envSources, type EnvSources } from '../k8s/env-sources';
import { allContainers, nameOf, podSpecOf, type Container, type K8sObject } from '../k8s/k8s-object';
import { kubernetesContainers } from '../k8s/pod-containers';
import { checkedRolesOf, type CheckedRole } from '../roles/image-roles';
import { imageEnv } from './dockerfile-env';
import { runOf } from './find-shortfalls';

/**
 * A copy of a rendered description in which the containers running `role` no longer get `variable`:
 * its `env` entries are dropped, and an `envFrom` Secret or ConfigMap that provides it is replaced
 * by explicit references to its other keys, so nothing else changes. What a forgotten reference
 * (the old selector without DATABASE_URL) looks like.
 */
export function withoutVariable(rendered: readonly K8sObject[], declared: readonly K8sObject[], role: CheckedRole, variable: string): K8sObject[] {
  const objects = structuredClone(rendered) as K8sObject[];
  const sources = envSources(objects, declared);
  const targets = new Set(
    kubernetesContainers('', objects, sources, imageEnv())
      .filter((container) => checkedRolesOf(runOf(container)).includes(role))
      .map((container) => `${container.workload}/${container.container}`),
  );
  for (const object of objects) {
    const pod = podSpecOf(object);
    for (const container of pod ? allContainers(pod) : []) {
      if (targets.has(`${nameOf(object)}/${container.name}`)) dropVariable(container, variable, sources);
    }
  }
  return objects;
}

function dropVariable(container: Container, variable: string, sources: EnvSources): void {
  const kept: NonNullable<Container['envFrom']> = [];
  const replacements: NonNullable<Container['env']> = [];
  for (const from of container.envFrom ?? []) {
    const kind = from.secretRef ? 'Secret' : 'ConfigMap';
    const name = (from.secretRef ?? from.configMapRef)?.name ?? '';
    const keys = [...(sources.lookup(kind, name)?.keys() ?? [])];
    const prefix = from.prefix ?? '';
    if (!keys.some((key) => `${prefix}${key}` === variable)) {
      kept.push(from);
      continue;
    }
    for (const key of keys.filter((key) => `${prefix}${key}` !== variable)) {
      const ref = { name, key };
      replacements.push({ name: `${prefix}${key}`, valueFrom: kind === 'Secret' ? { secretKeyRef: ref } : { configMapKeyRef: ref } });
    }
  }
  container.envFrom = kept;
  // Replacements go first so the container's own env entries still win over them, as over envFrom.
  container.env = [...replacements, ...(container.env ?? []).filter((entry) => entry.name !== variable)];
}
