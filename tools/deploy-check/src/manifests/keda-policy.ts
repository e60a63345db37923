import { QueueName } from '@alkdrec/contracts';
import { METRICS, QUEUE_JOB_STATES, QUEUE_TUNING } from '@alkdrec/service-kit';
import { nameOf, podTemplateOf, type K8sObject } from '../k8s/k8s-object';
import { statedEnv, Verdict, type Policy, type PolicyContext } from './policy';

interface Trigger {
  type: string;
  name?: string;
  metadata: Record<string, string>;
}

/** `name{label="value",…}` — the selector a metrics-api trigger with format prometheus reads. */
export function parseSelector(text: string): { name: string; labels: Record<string, string> } | undefined {
  const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?$/.exec(text.trim());
  if (!match) return undefined;
  const labels: Record<string, string> = {};
  for (const pair of (match[2] ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const label = /^([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"$/.exec(pair);
    if (!label) return undefined;
    labels[label[1] as string] = label[2] as string;
  }
  return { name: match[1] as string, labels };
}

/** Jobs one replica of `target` runs at once on `queue`: <PREFIX>_CONCURRENCY from its env, else the tuning table's. */
function concurrencyOf(target: K8sObject, queue: QueueName, context: PolicyContext): number | undefined {
  const spec = podTemplateOf(target)?.spec;
  const container = spec?.containers[0];
  if (!spec || !container) return undefined;
  const row = QUEUE_TUNING[queue];
  const value = statedEnv(container, spec, context).values[`${row.envPrefix}_CONCURRENCY`];
  return value === undefined ? row.concurrency : Number(value);
}

/**
 * KEDA ScaledObjects: the target Deployment exists and has no HPA of its own; each metrics-api
 * trigger reads the metrics route of a Service of the render, a catalogue metric with its own
 * labels and a real queue, and aims at the work one replica does at once (the queue's concurrency).
 */
export const kedaPolicy: Policy = {
  name: 'KEDA targets and triggers',
  check(context: PolicyContext) {
    const { objects, routes } = context;
    const verdict = new Verdict();
    const catalogue = new Map<string, readonly string[]>(Object.values(METRICS).map((m) => [m.name, m.labelNames]));
    const queues = new Set<string>(Object.values(QueueName));
    const hpaTargets = new Set(
      objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => `${(o.spec?.['scaleTargetRef'] as { kind: string }).kind}/${(o.spec?.['scaleTargetRef'] as { name: string }).name}`),
    );
    for (const scaled of objects.filter((o) => o.kind === 'ScaledObject')) {
      const ref = scaled.spec?.['scaleTargetRef'] as { name: string; kind?: string };
      const targetName = `${ref.kind ?? 'Deployment'}/${ref.name}`;
      const target = objects.find((o) => nameOf(o) === targetName);
      verdict.expect(!!target, `${nameOf(scaled)}: its target ${targetName} is not in the render`);
      verdict.expect(!hpaTargets.has(targetName), `${nameOf(scaled)}: ${targetName} also has an HPA (KEDA owns its HPA)`);
      verdict.expect(target?.spec?.['replicas'] === undefined, `${nameOf(scaled)}: ${targetName} sets replicas (an apply would reset KEDA's choice)`);
      for (const trigger of (scaled.spec?.['triggers'] ?? []) as Trigger[]) {
        if (trigger.type !== 'metrics-api') continue;
        const where = `${nameOf(scaled)} trigger ${trigger.name ?? trigger.type}`;
        const url = new URL(trigger.metadata['url'] ?? 'invalid:');
        const [service, namespace] = url.hostname.split('.');
        const found = objects.find((o) => o.kind === 'Service' && o.metadata.name === service && o.metadata.namespace === namespace);
        verdict.expect(!!found, `${where}: ${url.hostname} is not a Service of the render`);
        verdict.expect(url.pathname === routes.metrics, `${where}: reads ${url.pathname}, not the metrics route ${routes.metrics}`);
        verdict.expect(trigger.metadata['format'] === 'prometheus', `${where}: format must be prometheus (the page is Prometheus text)`);
        const selector = parseSelector(trigger.metadata['valueLocation'] ?? '');
        const labels = selector ? catalogue.get(selector.name) : undefined;
        verdict.expect(!!labels, `${where}: valueLocation ${trigger.metadata['valueLocation']} is not a metric of the catalogue`);
        if (!selector || !labels) continue;
        verdict.expect(Object.keys(selector.labels).every((l) => labels.includes(l)), `${where}: ${selector.name} has no label among ${Object.keys(selector.labels).join(', ')}`);
        const queue = selector.labels['queue'];
        verdict.expect(queue !== undefined && queues.has(queue), `${where}: queue ${queue} is not a queue of the contracts`);
        const state = selector.labels['state'];
        verdict.expect(state === undefined || (QUEUE_JOB_STATES as readonly string[]).includes(state), `${where}: state ${state} is not a job state`);
        if (target && queue !== undefined && queues.has(queue)) {
          const concurrency = concurrencyOf(target, queue as QueueName, context);
          verdict.expect(Number(trigger.metadata['targetValue']) === concurrency, `${where}: targetValue ${trigger.metadata['targetValue']} is not the jobs one replica runs at once (${concurrency})`);
        }
      }
    }
    return verdict.result();
  },
};
