import { envSources } from '../k8s-env/env-sources';
import { kubernetesContainers, podSpecOf, type K8sContainer } from '../k8s-env/pod-containers';
import type { K8sObject } from '../k8s-env/render';
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
    for (const container of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) {
      if (targets.has(`${object.kind}/${object.metadata?.name}/${container.name}`)) dropVariable(container, variable, sources);
    }
  }
  return objects;
}

function dropVariable(container: K8sContainer, variable: string, sources: ReturnType<typeof envSources>): void {
  const kept: NonNullable<K8sContainer['envFrom']> = [];
  const replacements: NonNullable<K8sContainer['env']> = [];
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
