import { baseEnvSchema } from '@alkdrec/service-kit';
import { IMAGE_ROLES, rolesNamedBy } from './image-roles';

/**
 * What shutdown takes beyond the grace a job gets: up to 5 s for a worker still connecting, 2 s per
 * producer queue closing, the pools (service-kit WorkerHost / QueueRegistry), with room to spare.
 * Kubernetes' terminationGracePeriodSeconds and compose's stop_grace_period both need it.
 */
export const DRAIN_MARGIN_MS = 15_000;

/**
 * How long a container of the image may take to drain after SIGTERM, from the environment it gets,
 * with each role schema's own defaults for what is not set: SHUTDOWN_GRACE_MS for an active job,
 * and for an llm-worker at least LLM_TIMEOUT_MS (its provider calls are not cut at the grace).
 */
export function drainOf(values: Readonly<Record<string, string | undefined>>): { ms: number; why: string } | { problem: string } {
  const grace = baseEnvSchema.shape.SHUTDOWN_GRACE_MS.safeParse(values['SHUTDOWN_GRACE_MS']);
  if (!grace.success) return { problem: `SHUTDOWN_GRACE_MS is not a valid duration (${values['SHUTDOWN_GRACE_MS']})` };
  if (!rolesNamedBy(values['ALKDREC_ROLES']).includes('llm-worker')) return { ms: grace.data, why: `SHUTDOWN_GRACE_MS ${grace.data}` };
  const timeout = IMAGE_ROLES['llm-worker'].envShape['LLM_TIMEOUT_MS']?.safeParse(values['LLM_TIMEOUT_MS']);
  if (!timeout?.success) return { problem: `LLM_TIMEOUT_MS is not a valid duration (${values['LLM_TIMEOUT_MS']})` };
  const timeoutMs = timeout.data as number;
  return { ms: Math.max(grace.data, timeoutMs), why: `max(SHUTDOWN_GRACE_MS ${grace.data}, LLM_TIMEOUT_MS ${timeoutMs})` };
}
