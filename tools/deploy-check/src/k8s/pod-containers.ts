import { HIDDEN_FILE_CONTENT, noFiles, type ContainerEnv, type DeployedContainer } from '../required-env/container-env';
import type { EnvSources, SourceKind, SourceValue } from './env-sources';
import { allContainers, nameOf, podSpecOf, runsTheImage, type Container, type K8sObject, type KeyRef, type PodSpec } from './k8s-object';

/** What of a pod a container's environment depends on beyond the container: its volumes (mounted files). */
export type PodVolumes = Pick<PodSpec, 'volumes'>;

/**
 * A container's environment as the kubelet builds it, as far as the description shows: the image's
 * ENV, then `envFrom` in order (a later source wins), then `env` (wins over envFrom; later entries
 * win). A key of a Secret the description does not show, a reference to a Secret it does not
 * contain (created out of band: the kubelet refuses to start the pod without it) and a fieldRef are
 * provided with hidden values; an `optional` reference to an unknown object provides nothing.
 */
export function resolveContainerEnv(container: Container, pod: PodVolumes, sources: EnvSources, imageEnv: Readonly<Record<string, string>>): ContainerEnv {
  const values: Record<string, string> = { ...imageEnv };
  const hidden = new Set<string>();
  const set = (name: string, source: SourceValue | undefined) => {
    if (source === undefined) return;
    if ('hidden' in source) {
      delete values[name];
      hidden.add(name);
    } else {
      values[name] = source.value;
      hidden.delete(name);
    }
  };
  for (const from of container.envFrom ?? []) {
    const [kind, name] = from.secretRef ? (['Secret', from.secretRef.name] as const) : (['ConfigMap', from.configMapRef?.name ?? ''] as const);
    // An unknown object's keys cannot be known: it provides nothing these checks can count on.
    for (const [key, value] of sources.lookup(kind, name) ?? []) set(`${from.prefix ?? ''}${key}`, value);
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    if (from === undefined) set(variable.name, { value: variable.value ?? '' });
    else if (from.secretKeyRef) set(variable.name, keyOf(sources, 'Secret', from.secretKeyRef));
    else if (from.configMapKeyRef) set(variable.name, keyOf(sources, 'ConfigMap', from.configMapKeyRef));
    else set(variable.name, { hidden: true });
  }
  return { values, hidden, readFile: (path) => readMountedFile(path, container, pod, sources) };
}

function keyOf(sources: EnvSources, kind: SourceKind, ref: KeyRef): SourceValue | undefined {
  const source = sources.lookup(kind, ref.name);
  if (source === undefined) return ref.optional ? undefined : { hidden: true };
  return source.get(ref.key);
}

/** A file under a Secret or ConfigMap volume: its content if shown, a valid placeholder if hidden. */
function readMountedFile(path: string, container: Container, pod: PodVolumes, sources: EnvSources): string {
  for (const mount of container.volumeMounts ?? []) {
    if (path !== mount.mountPath && !path.startsWith(`${mount.mountPath.replace(/\/$/, '')}/`)) continue;
    const volume = pod.volumes?.find((candidate) => candidate.name === mount.name);
    const object = volume?.secret ? { kind: 'Secret' as const, name: volume.secret.secretName, ...volume.secret } : volume?.configMap ? { kind: 'ConfigMap' as const, ...volume.configMap } : undefined;
    if (object === undefined) continue;
    const relative = [mount.subPath, path.slice(mount.mountPath.length).replace(/^\//, '')].filter(Boolean).join('/');
    const key = object.items ? object.items.find((item) => item.path === relative)?.key : relative;
    const source = sources.lookup(object.kind, object.name ?? '');
    const content = key === undefined ? undefined : source === undefined ? (object.optional ? undefined : { hidden: true as const }) : source.get(key);
    if (content !== undefined) return 'hidden' in content ? HIDDEN_FILE_CONTENT : content.value;
  }
  return noFiles(path);
}

/** Every container (init containers too) of every workload that runs the image, with its environment. */
export function kubernetesContainers(description: string, objects: readonly K8sObject[], sources: EnvSources, imageEnv: Readonly<Record<string, string>>): DeployedContainer[] {
  return objects.flatMap((object) => {
    const pod = podSpecOf(object);
    if (pod === undefined) return [];
    return allContainers(pod).filter(runsTheImage).map((container) => ({
      description,
      workload: nameOf(object),
      container: container.name,
      command: [...(container.command ?? []), ...(container.args ?? [])],
      env: resolveContainerEnv(container, pod, sources, imageEnv),
    }));
  });
}
