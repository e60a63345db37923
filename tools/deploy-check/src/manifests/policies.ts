import { disruptionAndNetworkPolicy, namespacePolicy, scrapePolicy } from './cluster-policies';
import { kedaPolicy } from './keda-policy';
import { gracePolicy, podSecurityPolicy, probesPolicy, resourcesPolicy } from './pod-policies';
import type { Policy, PolicyContext } from './policy';
import { llmKeyPolicy, referencesPolicy } from './reference-policies';

/** Every policy the rendered overlays must meet. */
export const POLICIES: readonly Policy[] = [
  namespacePolicy,
  probesPolicy,
  podSecurityPolicy,
  resourcesPolicy,
  referencesPolicy,
  gracePolicy,
  llmKeyPolicy,
  disruptionAndNetworkPolicy,
  scrapePolicy,
  kedaPolicy,
];

/** Runs every policy: per policy its checks and problems. */
export function runPolicies(context: PolicyContext): { name: string; checks: number; problems: string[] }[] {
  return POLICIES.map((policy) => ({ name: policy.name, ...policy.check(context) }));
}
