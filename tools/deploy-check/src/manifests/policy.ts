import type { ContainerEnv } from '../required-env/container-env';
import type { EnvSources } from '../k8s/env-sources';
import type { Container, K8sObject } from '../k8s/k8s-object';
import { resolveContainerEnv, type PodVolumes } from '../k8s/pod-containers';

/** What every policy sees: one overlay's render and what it may reference. */
export interface PolicyContext {
  objects: readonly K8sObject[];
  /** ConfigMaps and Secrets defined in the render, plus Secrets declared external. */
  known: EnvSources;
  routes: { live: string; ready: string; metrics: string };
}

/**
 * A container's environment as the manifests state it: the image's ENV is left out on purpose, so a
 * policy that needs a setting (HTTP_PORT, SHUTDOWN_GRACE_MS) finds it written in the manifests.
 */
export function statedEnv(container: Container, pod: PodVolumes, context: PolicyContext): ContainerEnv {
  return resolveContainerEnv(container, pod, context.known, {});
}

/** A policy's verdict: how many things it checked, and what is wrong (empty: it holds). */
export interface PolicyResult {
  checks: number;
  problems: string[];
}

export interface Policy {
  name: string;
  check(context: PolicyContext): PolicyResult;
}

/** Collects checks and problems while a policy walks the objects. */
export class Verdict {
  checks = 0;
  readonly problems: string[] = [];

  /** Counts one check; records `problem` when `ok` is false. */
  expect(ok: boolean, problem: string): void {
    this.checks++;
    if (!ok) this.problems.push(problem);
  }

  result(): PolicyResult {
    return { checks: this.checks, problems: this.problems };
  }
}
