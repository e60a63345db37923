/**
 * The parts of Kubernetes objects deploy-check reads (the manifest policies, the required-environment
 * checks). Loose on purpose: a render is checked against the real schemas (kubernetes-models) by
 * the manifest tests; these types only name what the checks use.
 */
export interface Metadata {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  binaryData?: Record<string, string>;
}

export interface KeyRef {
  name: string;
  key: string;
  optional?: boolean;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef; fieldRef?: unknown; resourceFieldRef?: unknown };
}

export interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}

export interface Probe {
  httpGet?: { path?: string; port: string | number };
}

export interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string };
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  ports?: { name?: string; containerPort: number }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
}

export interface Volume {
  name: string;
  emptyDir?: Record<string, unknown>;
  hostPath?: Record<string, unknown>;
  secret?: { secretName?: string; optional?: boolean; items?: { key: string; path: string }[] };
  configMap?: { name?: string; optional?: boolean; items?: { key: string; path: string }[] };
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  securityContext?: SecurityContext & { fsGroup?: number };
  terminationGracePeriodSeconds?: number;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/** Kinds whose spec.template is a pod template. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'Job', 'DaemonSet', 'ReplicaSet'] as const;

export function nameOf(object: K8sObject): string {
  return `${object.kind}/${object.metadata.name ?? '?'}`;
}

/** Whether the object runs pods: a workload with a pod template, a CronJob, or a bare Pod. */
export function isWorkload(object: K8sObject): boolean {
  return (WORKLOAD_KINDS as readonly string[]).includes(object.kind) || object.kind === 'CronJob' || object.kind === 'Pod';
}

/** A Job or CronJob: its pods run to completion (no probes, no rollout). */
export function runsToCompletion(object: K8sObject): boolean {
  return object.kind === 'Job' || object.kind === 'CronJob';
}

/** The pod template of a workload (a CronJob's through its jobTemplate, a Pod's own): its labels and pod spec. */
export function podTemplateOf(object: K8sObject): { labels: Record<string, string>; spec: PodSpec } | undefined {
  type Template = { metadata?: Metadata; spec?: PodSpec };
  const template: Template | undefined =
    object.kind === 'Pod' ? { metadata: object.metadata, spec: object.spec as PodSpec | undefined }
    : object.kind === 'CronJob' ? (object.spec?.['jobTemplate'] as { spec?: { template?: Template } } | undefined)?.spec?.template
    : isWorkload(object) ? (object.spec?.['template'] as Template | undefined)
    : undefined;
  if (!template?.spec) return undefined;
  return { labels: template.metadata?.labels ?? {}, spec: template.spec };
}

/** The pod spec of a workload, if the object is one. */
export function podSpecOf(object: K8sObject): PodSpec | undefined {
  return podTemplateOf(object)?.spec;
}

export function allContainers(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

/** The image's repository name (kustomize `images:` may put a registry in front of it, a tag or digest after). */
export const IMAGE_REPOSITORY = 'alkdrec';

/** A container of the ALKDRec image: by its repository name, or (an image renamed elsewhere) by the ALKDREC_ROLES it sets. */
export function runsTheImage(container: Container): boolean {
  const repository = (container.image ?? '').replace(/@.*$/, '').replace(/:[^/:]*$/, '').split('/').pop();
  return repository === IMAGE_REPOSITORY || (container.env ?? []).some((variable) => variable.name === 'ALKDREC_ROLES');
}

/** Whether a label selector selects these labels (an empty selector selects everything). */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = key in labels;
    const ok =
      operator === 'In' ? has && values.includes(labels[key] as string)
      : operator === 'NotIn' ? !has || !values.includes(labels[key] as string)
      : operator === 'Exists' ? has
      : !has;
    if (!ok) return false;
  }
  return true;
}

export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
}
