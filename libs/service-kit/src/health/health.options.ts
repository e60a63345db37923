import type { QueueName } from '@alkdrec/contracts';

export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

export interface HealthOptions {
  /** Queues the service uses; readiness requires each to answer. */
  queues: readonly QueueName[];
  /** Per-check limit, so a hung dependency makes readiness fail instead of hang the probe. */
  checkTimeoutMs: number;
}
