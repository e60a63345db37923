import { LLM_KEY_VARIABLES } from '../roles/llm-key-variables';
import { allContainers, nameOf, podSpecOf, type K8sObject, type PodSpec } from '../k8s/k8s-object';
import { providedNames } from '../required-env/container-env';
import { rolesNamedBy } from '../roles/image-roles';
import { statedEnv, Verdict, type Policy, type PolicyContext } from './policy';

interface Reference {
  kind: 'Secret' | 'ConfigMap';
  name: string;
  /** The key read, when one is named. */
  key?: string;
  optional: boolean;
  from: string;
}

/** Every Secret and ConfigMap a pod spec reads: envFrom, env valueFrom, volumes. */
export function podReferences(spec: PodSpec, owner: string): Reference[] {
  const references: Reference[] = [];
  for (const container of allContainers(spec)) {
    const from = `${owner} container ${container.name}`;
    for (const source of container.envFrom ?? []) {
      if (source.secretRef) references.push({ kind: 'Secret', name: source.secretRef.name, optional: !!source.secretRef.optional, from });
      if (source.configMapRef) references.push({ kind: 'ConfigMap', name: source.configMapRef.name, optional: !!source.configMapRef.optional, from });
    }
    for (const variable of container.env ?? []) {
      const secret = variable.valueFrom?.secretKeyRef;
      const configMap = variable.valueFrom?.configMapKeyRef;
      if (secret) references.push({ kind: 'Secret', ...secret, optional: !!secret.optional, from: `${from} env ${variable.name}` });
      if (configMap) references.push({ kind: 'ConfigMap', ...configMap, optional: !!configMap.optional, from: `${from} env ${variable.name}` });
    }
  }
  for (const volume of spec.volumes ?? []) {
    const from = `${owner} volume ${volume.name}`;
    if (volume.secret?.secretName) {
      const { secretName, optional = false, items = [] } = volume.secret;
      references.push({ kind: 'Secret', name: secretName, optional, from });
      for (const item of items) references.push({ kind: 'Secret', name: secretName, key: item.key, optional, from });
    }
    if (volume.configMap?.name) {
      const { name, optional = false, items = [] } = volume.configMap;
      references.push({ kind: 'ConfigMap', name, optional, from });
      for (const item of items) references.push({ kind: 'ConfigMap', name, key: item.key, optional, from });
    }
  }
  return references;
}

function referencesOf(object: K8sObject): Reference[] {
  const spec = podSpecOf(object);
  if (spec) return podReferences(spec, nameOf(object));
  if (object.kind === 'Ingress') {
    const tls = (object.spec?.['tls'] ?? []) as { secretName?: string }[];
    return tls.flatMap((t) => (t.secretName ? [{ kind: 'Secret' as const, name: t.secretName, optional: false, from: `${nameOf(object)} tls` }] : []));
  }
  return [];
}

/**
 * Every Secret and ConfigMap read is defined in the render, or (Secrets) declared external in the
 * prod contract, with the key read. An optional reference must still name a known Secret (so the
 * operator knows it exists), but its key may be absent.
 */
export const referencesPolicy: Policy = {
  name: 'references defined or declared',
  check({ objects, known }: PolicyContext) {
    const verdict = new Verdict();
    for (const reference of objects.flatMap(referencesOf)) {
      const keys = known.lookup(reference.kind, reference.name);
      const defined = keys !== undefined;
      verdict.expect(defined, `${reference.from}: ${reference.kind} ${reference.name} is neither in the render nor declared in secrets.example.yaml`);
      if (defined && reference.key !== undefined && !reference.optional) {
        verdict.expect(keys?.has(reference.key) === true, `${reference.from}: ${reference.kind} ${reference.name} has no key ${reference.key}`);
      }
    }
    return verdict.result();
  },
};


/** The LLM key reaches the llm-worker and nothing else: not as a variable, not through the Secret holding it. */
export const llmKeyPolicy: Policy = {
  name: 'LLM key only in the llm-worker',
  check(context: PolicyContext) {
    const { objects, known } = context;
    const verdict = new Verdict();
    const keyHolders = new Set([...known.keysByName('Secret')].filter(([, keys]) => [...keys].some((k) => LLM_KEY_VARIABLES.has(k))).map(([name]) => name));
    let workersWithKey = 0;
    for (const object of objects) {
      const spec = podSpecOf(object);
      if (!spec) continue;
      for (const container of allContainers(spec)) {
        const env = statedEnv(container, spec, context);
        const roles = rolesNamedBy(env.values['ALKDREC_ROLES']);
        const isLlmWorker = roles.length > 0 && roles.every((role) => role === 'llm-worker');
        const keyVars = providedNames(env).filter((name) => LLM_KEY_VARIABLES.has(name));
        const where = `${nameOf(object)} container ${container.name}`;
        if (isLlmWorker) {
          if (keyVars.length > 0) workersWithKey++;
          continue;
        }
        verdict.expect(keyVars.length === 0, `${where}: gets ${keyVars.join(', ')} (only the llm-worker may hold the LLM key)`);
        const read = podReferences({ ...spec, containers: [container], initContainers: [] }, where).filter((r) => r.kind === 'Secret' && keyHolders.has(r.name));
        verdict.expect(read.length === 0, `${where}: reads the Secret ${read[0]?.name} that holds the LLM key`);
      }
    }
    verdict.expect(workersWithKey > 0, `no llm-worker container gets an LLM key variable (${[...LLM_KEY_VARIABLES].join(', ')})`);
    return verdict.result();
  },
};
