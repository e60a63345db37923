import type { Container, K8sObject } from './k8s-object';

/** Where a container's variable comes from; `value` when it is known from the manifests. */
export interface EnvSource {
  value?: string;
  secret?: string;
  configMap?: string;
}

/** Secrets and ConfigMaps known to a render: defined in it, or declared external (prod's contract). */
export interface KnownConfig {
  configMaps: Map<string, Record<string, string>>;
  secrets: Map<string, Set<string>>;
}

export function knownConfig(objects: readonly K8sObject[], declaredSecrets = new Map<string, Set<string>>()): KnownConfig {
  const configMaps = new Map<string, Record<string, string>>();
  const secrets = new Map(declaredSecrets);
  for (const object of objects) {
    const name = object.metadata.name;
    if (!name) continue;
    if (object.kind === 'ConfigMap') configMaps.set(name, { ...(object.data ?? {}) });
    if (object.kind === 'Secret') secrets.set(name, new Set([...Object.keys(object.data ?? {}), ...Object.keys(object.stringData ?? {})]));
  }
  return { configMaps, secrets };
}

/** The environment a container gets, as Kubernetes builds it: envFrom first, then env (which wins). */
export function containerEnv(container: Container, known: KnownConfig): Map<string, EnvSource> {
  const env = new Map<string, EnvSource>();
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const name = from.configMapRef.name;
      for (const [key, value] of Object.entries(known.configMaps.get(name) ?? {})) env.set(key, { value, configMap: name });
    }
    if (from.secretRef) {
      const name = from.secretRef.name;
      for (const key of known.secrets.get(name) ?? []) env.set(key, { secret: name });
    }
  }
  for (const variable of container.env ?? []) {
    const secretRef = variable.valueFrom?.secretKeyRef;
    const configMapRef = variable.valueFrom?.configMapKeyRef;
    if (secretRef) env.set(variable.name, { secret: secretRef.name });
    else if (configMapRef) {
      const value = known.configMaps.get(configMapRef.name)?.[configMapRef.key];
      env.set(variable.name, { configMap: configMapRef.name, ...(value === undefined ? {} : { value }) });
    } else env.set(variable.name, { value: variable.value ?? '' });
  }
  return env;
}

/** The roles a container runs (ALKDREC_ROLES, as docker/start-role.js splits it); empty when it is not our image's entry. */
export function rolesOf(env: Map<string, EnvSource>): string[] {
  return (env.get('ALKDREC_ROLES')?.value ?? '').split(/[\s,]+/).filter(Boolean);
}
