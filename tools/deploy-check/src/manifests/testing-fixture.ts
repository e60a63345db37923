import { envSources } from '../k8s/env-sources';
import type { K8sObject } from '../k8s/k8s-object';
import type { PolicyContext } from './policy';

const labels = { 'app.kubernetes.io/component': 'llm-worker' };

/**
 * A SIMULATED render, small and hand-made, that meets every policy: one llm-worker Deployment with
 * its ConfigMap, Secrets, PDB, NetworkPolicies and a KEDA ScaledObject reading an api Service.
 * Policy tests break one thing in a fresh copy and expect that policy to say so.
 */
export function goodRender(): K8sObject[] {
  const ns = { namespace: 'demo' };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo', labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' } } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config', ...ns }, data: { HTTP_PORT: '3000', LLM_RANKING_CONCURRENCY: '8' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'llm', ...ns }, stringData: { ANTHROPIC_API_KEY: '' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', ...ns }, stringData: { DATABASE_URL: '' } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'worker', ...ns },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels, annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/metrics' } },
          spec: {
            terminationGracePeriodSeconds: 90,
            securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'worker',
                image: 'registry.example.com/alkdrec:1.0.0',
                env: [
                  { name: 'ALKDREC_ROLES', value: 'llm-worker' },
                  { name: 'SHUTDOWN_GRACE_MS', value: '70000' },
                  { name: 'LLM_TIMEOUT_MS', value: '60000' },
                  { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'db', key: 'DATABASE_URL' } } },
                  { name: 'ANTHROPIC_API_KEY', valueFrom: { secretKeyRef: { name: 'llm', key: 'ANTHROPIC_API_KEY' } } },
                ],
                envFrom: [{ configMapRef: { name: 'config' } }],
                ports: [{ name: 'http', containerPort: 3000 }],
                resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '1Gi' } },
                startupProbe: { httpGet: { path: '/health/live', port: 'http' } },
                livenessProbe: { httpGet: { path: '/health/live', port: 'http' } },
                readinessProbe: { httpGet: { path: '/health/ready', port: 'http' } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', ...ns }, spec: { ports: [{ port: 80 }] } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'worker', ...ns }, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', ...ns }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'worker', ...ns },
      spec: { podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['llm-worker'] }] }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 443 }] }] },
    },
    {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'worker', ...ns },
      spec: {
        scaleTargetRef: { name: 'worker' },
        triggers: [
          { type: 'metrics-api', name: 'backlog', metadata: { url: 'http://api.demo.svc.cluster.local/metrics', format: 'prometheus', valueLocation: 'alkdrec_queue_backlog{queue="alkdrec.llm.ranking"}', targetValue: '8' } },
        ],
      },
    },
  ];
}

export function contextOf(objects: K8sObject[]): PolicyContext {
  return { objects, known: envSources(objects), routes: { live: '/health/live', ready: '/health/ready', metrics: '/metrics' } };
}

/** The first object of a kind (fixtures have one of each that matters). */
export function first(objects: K8sObject[], kind: string): K8sObject {
  const found = objects.find((o) => o.kind === kind);
  if (!found) throw new Error(`fixture has no ${kind}`);
  return found;
}
