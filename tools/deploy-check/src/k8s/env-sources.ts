import type { K8sObject } from './k8s-object';

/** A key of a ConfigMap or Secret: its value, or `hidden` when the description does not show it. */
export type SourceValue = { value: string } | { hidden: true };

export type SourceKind = 'ConfigMap' | 'Secret';

/** The ConfigMaps and Secrets a container may read, by kind and name: those of a render and those declared external. */
export interface EnvSources {
  /** The keys of one object; undefined when the render neither holds nor declares it. */
  lookup(kind: SourceKind, name: string): ReadonlyMap<string, SourceValue> | undefined;
  /** Every object of a kind: its name → its keys. */
  keysByName(kind: SourceKind): Map<string, Set<string>>;
}

/**
 * Rendered ConfigMaps and Secrets with their values (a Secret's empty value is a placeholder: hidden),
 * and declared Secrets (keys only, hidden values); a rendered object wins over a declared one.
 */
export function envSources(rendered: readonly K8sObject[], declared: readonly K8sObject[] = []): EnvSources {
  const index = { ConfigMap: new Map<string, Map<string, SourceValue>>(), Secret: new Map<string, Map<string, SourceValue>>() };
  for (const object of declared) {
    if (object.metadata?.name) index.Secret.set(object.metadata.name, keysOf(object, true));
  }
  for (const object of rendered) {
    if ((object.kind === 'ConfigMap' || object.kind === 'Secret') && object.metadata?.name) index[object.kind].set(object.metadata.name, keysOf(object, false));
  }
  return {
    lookup: (kind, name) => index[kind].get(name),
    keysByName: (kind) => new Map([...index[kind]].map(([name, keys]) => [name, new Set(keys.keys())])),
  };
}

function keysOf(object: K8sObject, declaredOnly: boolean): Map<string, SourceValue> {
  const keys = new Map<string, SourceValue>();
  const put = (entries: unknown, decode: (value: string) => string) => {
    for (const [key, raw] of Object.entries((entries ?? {}) as Record<string, unknown>)) {
      const value = raw === null || raw === undefined ? '' : decode(String(raw));
      keys.set(key, declaredOnly || (object.kind === 'Secret' && value === '') ? { hidden: true } : { value });
    }
  };
  put(object.data, object.kind === 'Secret' ? (value) => Buffer.from(value, 'base64').toString('utf8') : (value) => value);
  put(object.stringData, (value) => value);
  put(object.binaryData, (value) => Buffer.from(value, 'base64').toString('utf8'));
  return keys;
}
