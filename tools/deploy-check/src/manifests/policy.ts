import type { K8sObject } from './k8s-object';
import type { KnownConfig } from './pod-env';

/** What every policy sees: one overlay's render and what it may reference. */
export interface PolicyContext {
  objects: readonly K8sObject[];
  /** ConfigMaps and Secrets defined in the render, plus Secrets declared external. */
  known: KnownConfig;
  routes: { live: string; ready: string; metrics: string };
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
