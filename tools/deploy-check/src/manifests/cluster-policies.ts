import { isEmptySelector, nameOf, podTemplateOf, selects, type K8sObject, type LabelSelector } from '../k8s/k8s-object';
import { Verdict, type Policy, type PolicyContext } from './policy';

const RESTRICTED_MODES = ['enforce', 'audit', 'warn'] as const;

/** The namespace enforces, audits and warns on Pod Security "restricted". */
export const namespacePolicy: Policy = {
  name: 'namespace labelled restricted',
  check({ objects }: PolicyContext) {
    const verdict = new Verdict();
    const namespaces = objects.filter((o) => o.kind === 'Namespace');
    verdict.expect(namespaces.length > 0, 'the render has no Namespace');
    for (const namespace of namespaces) {
      for (const mode of RESTRICTED_MODES) {
        const label = `pod-security.kubernetes.io/${mode}`;
        verdict.expect(namespace.metadata.labels?.[label] === 'restricted', `${nameOf(namespace)}: ${label} must be restricted`);
      }
    }
    // Everything else lives in a namespace of the render (kustomize sets it).
    const names = new Set(namespaces.map((n) => n.metadata.name));
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
      verdict.expect(names.has(object.metadata.namespace), `${nameOf(object)}: namespace ${object.metadata.namespace ?? '(none)'} is not the render's`);
    }
    return verdict.result();
  },
};

/** Every Deployment has a PodDisruptionBudget and a NetworkPolicy of its own (not only the default deny) selecting its pods. */
export const disruptionAndNetworkPolicy: Policy = {
  name: 'PDB and NetworkPolicy per Deployment',
  check({ objects }: PolicyContext) {
    const verdict = new Verdict();
    const selectorOf = (o: K8sObject, path: 'selector' | 'podSelector') => o.spec?.[path] as LabelSelector | undefined;
    const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget');
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    verdict.expect(
      policies.some((p) => isEmptySelector(selectorOf(p, 'podSelector')) && ((p.spec?.['policyTypes'] as string[] | undefined) ?? []).length === 2 && !p.spec?.['ingress'] && !p.spec?.['egress']),
      'no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)',
    );
    for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
      const labels = podTemplateOf(deployment)?.labels ?? {};
      verdict.expect(pdbs.some((p) => selects(selectorOf(p, 'selector'), labels)), `${nameOf(deployment)}: no PodDisruptionBudget selects its pods`);
      verdict.expect(
        policies.some((p) => !isEmptySelector(selectorOf(p, 'podSelector')) && selects(selectorOf(p, 'podSelector'), labels)),
        `${nameOf(deployment)}: no NetworkPolicy of its own selects its pods`,
      );
    }
    return verdict.result();
  },
};

/** Scrape annotations point at the metrics route. */
export const scrapePolicy: Policy = {
  name: 'scrape annotations on the metrics route',
  check({ objects, routes }: PolicyContext) {
    const verdict = new Verdict();
    for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
      const annotations = (deployment.spec?.['template'] as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations ?? {};
      verdict.expect(annotations['prometheus.io/scrape'] === 'true', `${nameOf(deployment)}: not marked for scraping`);
      verdict.expect(annotations['prometheus.io/path'] === routes.metrics, `${nameOf(deployment)}: prometheus.io/path must be ${routes.metrics}`);
    }
    return verdict.result();
  },
};
